import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mall.pricing import (
    LAYERS,
    Adjustment,
    Layer,
    PriceBreakdown,
    PricingLine,
    PricingRequest,
    WorkingState,
    price_checkout,
)
from mall.pricing.freight import Basis, FreightRule, FreightTemplate
from mall.pricing.state import Sponsor


def line(sku_id: int, shop_id: int, quantity: int, unit_price: int, weight: int = 500):
    return PricingLine(
        sku_id=sku_id, shop_id=shop_id, category_id=1, brand_id=None, quantity=quantity,
        unit_price=unit_price, weight_grams=weight,
    )  # fmt: skip


def by_piece(first_fee: int, extra_fee: int, **options) -> FreightTemplate:
    default = FreightRule(
        region_codes=frozenset(), first_units=1, first_fee=first_fee, extra_units=1,
        extra_fee=extra_fee,
    )  # fmt: skip
    return FreightTemplate(
        template_id=1, name="按件", basis=Basis.PIECE, rules=(default,), **options
    )


def test_lines_are_grouped_by_shop_in_order_of_appearance():
    request = PricingRequest(
        lines=(line(1, 20, 2, 1999), line(2, 10, 1, 500), line(3, 20, 3, 100)),
        freight_templates={10: None, 20: None},
    )
    breakdown = price_checkout(request)
    assert [shop.shop_id for shop in breakdown.shops] == [20, 10]
    assert [(pl.sku_id, pl.goods, pl.total) for pl in breakdown.shop(20).lines] == [
        (1, 3998, 3998),
        (3, 300, 300),
    ]
    assert breakdown.shop(20).goods == 4298
    assert (breakdown.goods, breakdown.discount, breakdown.freight) == (4798, 0, 0)
    assert breakdown.total == 4798
    assert breakdown.deliverable


def test_each_shop_pays_its_own_freight():
    request = PricingRequest(
        lines=(line(1, 10, 3, 1000), line(2, 20, 1, 500)),
        freight_templates={10: by_piece(800, 200), 20: None},
    )
    breakdown = price_checkout(request)
    assert breakdown.shop(10).freight == 800 + 2 * 200
    assert breakdown.shop(10).total == 3000 + 1200
    assert breakdown.shop(20).freight == 0
    assert breakdown.freight == 1200
    assert breakdown.total == 3500 + 1200


def test_explanations_are_codes_and_numbers():
    request = PricingRequest(
        lines=(line(1, 10, 2, 1000),), freight_templates={10: by_piece(800, 0)}
    )
    codes = [(e.code, dict(e.params)) for e in price_checkout(request).explanations]
    assert codes[0] == ("goods", {"shop_id": 10, "amount": 2000, "quantity": 2})
    assert codes[1][0] == "freight"
    assert codes[1][1]["fee"] == 800


def test_free_shipping_threshold_sees_the_amount_after_discounts():
    """A layer added between base prices and freight changes what the freight layer sees."""

    def take_off_100(state: WorkingState) -> None:
        state.sponsor("promotion:1", Sponsor(Layer.ORDER, "reduction", "满减", ((None, 10_000),)))
        for working, share in zip(state.lines, (33, 67), strict=True):
            working.add(Adjustment(Layer.ORDER, "promotion:1", "reduction", share))

    request = PricingRequest(
        lines=(line(1, 10, 1, 3000), line(2, 10, 1, 6000)),
        freight_templates={10: by_piece(1000, 0, free_over_amount=9000)},
    )
    assert price_checkout(request).freight == 0
    layers = (LAYERS[0], take_off_100, *LAYERS[1:])
    breakdown = price_checkout(request, layers)
    assert [pl.discount for pl in breakdown.shop(10).lines] == [33, 67]
    assert breakdown.discount == 100
    assert breakdown.freight == 1000
    assert breakdown.total == 9000 - 100 + 1000


def test_a_discount_larger_than_the_goods_is_refused():
    def too_much(state: WorkingState) -> None:
        state.lines[0].add(Adjustment(Layer.ORDER, "promotion:1", "reduction", 1001))

    request = PricingRequest(lines=(line(1, 10, 1, 1000),), freight_templates={10: None})
    with pytest.raises(ValueError):
        price_checkout(request, (too_much, *LAYERS))


def test_breakdown_round_trips_through_json():
    request = PricingRequest(
        lines=(line(1, 10, 2, 1999), line(2, 20, 1, 500)),
        freight_templates={10: by_piece(800, 100), 20: None},
        region_code="310101",
    )
    breakdown = price_checkout(request)
    stored = json.loads(json.dumps(breakdown.to_dict()))
    assert PriceBreakdown.from_dict(stored) == breakdown


def test_nothing_to_price_costs_nothing():
    breakdown = price_checkout(PricingRequest(lines=(), freight_templates={}))
    assert (breakdown.shops, breakdown.total, breakdown.deliverable) == ((), 0, True)


@pytest.mark.parametrize(
    "make",
    [
        lambda: PricingRequest(lines=(line(1, 10, 1, 100), line(1, 10, 2, 100)),
                               freight_templates={10: None}),
        lambda: PricingRequest(lines=(line(1, 10, 1, 100),), freight_templates={}),
    ],
    ids=["duplicate sku", "shop without a freight entry"],
)  # fmt: skip
def test_malformed_requests_are_refused(make):
    with pytest.raises(ValueError):
        price_checkout(make())


@pytest.mark.parametrize(("quantity", "price"), [(0, 100), (-1, 100), (1, -1)])
def test_lines_need_a_positive_quantity_and_a_price(quantity, price):
    with pytest.raises(ValueError):
        line(1, 10, quantity, price)


lines_strategy = st.lists(
    st.builds(
        line,
        sku_id=st.integers(1, 10**6),
        shop_id=st.integers(1, 4),
        quantity=st.integers(1, 99),
        unit_price=st.integers(0, 10**7),
        weight=st.integers(0, 50_000),
    ),
    max_size=12,
    unique_by=lambda pl: pl.sku_id,
)


@given(lines=lines_strategy, first_fee=st.integers(0, 5000), extra_fee=st.integers(0, 2000))
def test_totals_add_up(lines, first_fee, extra_fee):
    templates = {shop_id: by_piece(first_fee, extra_fee) for shop_id in range(1, 5)}
    breakdown = price_checkout(PricingRequest(lines=tuple(lines), freight_templates=templates))
    assert breakdown.goods == sum(pl.goods for pl in lines)
    assert breakdown.total == breakdown.goods - breakdown.discount + breakdown.freight >= 0
    for shop in breakdown.shops:
        assert shop.goods == sum(pl.goods for pl in shop.lines)
        assert shop.total == shop.goods - shop.discount + shop.freight
    assert sum(shop.total for shop in breakdown.shops) == breakdown.total
    assert PriceBreakdown.from_dict(breakdown.to_dict()) == breakdown


def test_a_breakdown_stored_before_promotions_still_reads():
    request = PricingRequest(
        lines=(line(1, 10, 2, 1999),), freight_templates={10: by_piece(800, 0)}
    )
    stored = price_checkout(request).to_dict()
    for key in ("applied", "hints", "coupon_options", "problems"):
        del stored[key]
    for shop in stored["shops"]:
        del shop["freight_discount"], shop["gifts"]
        for priced in shop["lines"]:
            del priced["adjustments"]
    assert PriceBreakdown.from_dict(stored) == price_checkout(request)
