"""Properties of the whole engine over random carts, rules and wallets."""

import json
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from mall.pricing import PriceBreakdown, PricingLine, PricingRequest, Shopper, price_checkout
from mall.pricing.rules import (
    Basis,
    CatalogueKind,
    CatalogueRule,
    Coupon,
    CouponKind,
    Layer,
    OrderKind,
    OrderRule,
    Scope,
    ShippingRule,
    Tier,
)
from mall.pricing.tests.builders import THURSDAY_EVENING, by_piece, daily

SHOPS = (1, 2, 3)
LAYER_ORDER = list(Layer)

scopes = st.one_of(
    st.just(Scope()),
    st.builds(Scope, category_ids=st.frozensets(st.sampled_from((1, 2, 3)), min_size=1)),
    st.builds(Scope, sku_ids=st.frozensets(st.integers(1, 12), min_size=1)),
    st.builds(Scope, tags=st.just(frozenset({"new"}))),
)
common = {
    "scope": scopes,
    "shop_id": st.one_of(st.none(), st.sampled_from(SHOPS)),
    "exclusive_group": st.sampled_from((None, None, "a", "b")),
    "priority": st.integers(0, 2),
    "budget_left": st.one_of(st.none(), st.integers(0, 5000)),
    "funding": st.sampled_from(((), ((None, 5000), (2, 5000)), ((1, 3333), (3, 6667)))),
}
schedules = st.sampled_from((daily("20:00", "21:00"), daily("08:00", "09:00")))
tiers = st.lists(
    st.builds(Tier, threshold=st.integers(1, 60000), value=st.integers(0, 9000)),
    min_size=1,
    max_size=3,
).map(tuple)

catalogue_rules = st.builds(
    CatalogueRule,
    key=st.just(""),
    name=st.just("目录"),
    kind=st.sampled_from(CatalogueKind),
    discount_bp=st.integers(0, 10000),
    amount=st.integers(0, 30000),
    special_prices=st.dictionaries(st.integers(1, 12), st.integers(0, 40000), max_size=4),
    **common,
) | st.builds(
    CatalogueRule, key=st.just(""), name=st.just("限时"), discount_bp=st.integers(0, 10000),
    schedule=schedules, **common,
)  # fmt: skip
order_rules = st.builds(
    OrderRule,
    key=st.just(""),
    name=st.just("满减"),
    kind=st.sampled_from(OrderKind),
    basis=st.sampled_from(Basis),
    tiers=tiers,
    repeat=st.booleans(),
    repeat_cap=st.one_of(st.none(), st.integers(0, 20000)),
    gift_sku_id=st.just(99),
    nth=st.integers(1, 3),
    discount_bp=st.integers(0, 10000),
    **common,
)
shipping_rules = st.builds(
    ShippingRule,
    key=st.just(""),
    name=st.just("包邮"),
    threshold=st.integers(0, 50000),
    basis=st.sampled_from(Basis),
    **common,
)
rules = st.lists(st.one_of(catalogue_rules, order_rules, shipping_rules), max_size=8).map(
    lambda found: tuple(
        type(rule)(**{**rule.__dict__, "key": f"promotion:{n}"}) for n, rule in enumerate(found)
    )
)
coupons = st.lists(
    st.builds(
        Coupon,
        id=st.just(0),
        name=st.just("券"),
        kind=st.sampled_from(CouponKind),
        amount=st.integers(0, 20000),
        discount_bp=st.integers(0, 10000),
        cap=st.one_of(st.none(), st.integers(0, 10000)),
        threshold=st.integers(0, 50000),
        scope=scopes,
        shop_id=st.one_of(st.none(), st.sampled_from(SHOPS)),
        stackable=st.booleans(),
    ),
    max_size=5,
).map(lambda found: tuple(Coupon(**{**c.__dict__, "id": n + 1}) for n, c in enumerate(found)))
lines = st.lists(
    st.builds(
        PricingLine,
        sku_id=st.integers(1, 12),
        shop_id=st.sampled_from(SHOPS),
        category_id=st.sampled_from((1, 2, 3)),
        brand_id=st.none(),
        quantity=st.integers(1, 5),
        unit_price=st.integers(0, 30000),
        weight_grams=st.just(100),
        product_id=st.integers(1, 12),
        tags=st.sampled_from((frozenset(), frozenset({"new"}))),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda pl: pl.sku_id,
)
requests = st.builds(
    PricingRequest,
    lines=lines.map(tuple),
    freight_templates=st.just({shop: by_piece(600, free_over_amount=20000) for shop in SHOPS}),
    region_code=st.just("310101"),
    moment=st.just(THURSDAY_EVENING),
    shopper=st.builds(Shopper, member_rank=st.integers(0, 2)),
    rules=rules,
    coupons=coupons,
    coupon_choice=st.one_of(st.none(), st.none(), st.lists(st.integers(1, 6)).map(tuple)),
    gift_stock=st.just({99: 1}),
)


@settings(max_examples=100, deadline=None)
@given(request=requests)
def test_amounts_add_up_and_are_never_negative(request):
    breakdown = price_checkout(request)
    assert breakdown.total == breakdown.goods - breakdown.discount + breakdown.freight >= 0
    for shop in breakdown.shops:
        assert 0 <= shop.freight_discount <= shop.freight_quote.fee
        assert shop.total == shop.goods - shop.discount + shop.freight
        for priced in shop.lines:
            # a line's refund is exactly its total: its adjustments account for the rest
            assert priced.total + sum(a.amount for a in priced.adjustments) == priced.goods
            assert priced.total >= 0
            assert all(a.amount > 0 for a in priced.adjustments)
            assert all(
                sum(amount for _, amount in a.funded_by) == a.amount for a in priced.adjustments
            )
            layers = [LAYER_ORDER.index(a.layer) for a in priced.adjustments]
            assert layers == sorted(layers)


@settings(max_examples=100, deadline=None)
@given(request=requests)
def test_each_rule_is_allocated_to_the_fen(request):
    breakdown = price_checkout(request)
    by_key: dict[str, int] = defaultdict(int)
    for shop in breakdown.shops:
        for priced in shop.lines:
            for adjustment in priced.adjustments:
                by_key[adjustment.key] += adjustment.amount
    for applied in breakdown.applied:
        assert sum(amount for _, amount in applied.funded_by) == applied.amount
        assert sum(applied.by_shop.values()) == applied.amount
        on_lines = by_key.pop(applied.key, 0)
        if on_lines == 0:  # freight waived, or a gift
            assert applied.layer == "shipping" or applied.amount == 0
        else:
            assert on_lines == applied.amount
    assert not by_key
    for applied in breakdown.applied:
        if applied.key.startswith("promotion:"):
            rule = next(rule for rule in request.rules if rule.key == applied.key)
            assert rule.budget_left is None or applied.amount <= rule.budget_left


@settings(max_examples=100, deadline=None)
@given(request=requests, shuffle=st.randoms(use_true_random=False))
def test_the_order_of_rules_and_coupons_does_not_matter(request, shuffle):
    rules, wallet = list(request.rules), list(request.coupons)
    shuffle.shuffle(rules)
    shuffle.shuffle(wallet)
    shuffled = PricingRequest(
        **{**request.__dict__, "rules": tuple(rules), "coupons": tuple(wallet)}
    )
    assert price_checkout(shuffled) == price_checkout(request)


@settings(max_examples=60, deadline=None)
@given(request=requests)
def test_breakdowns_round_trip_through_json(request):
    breakdown = price_checkout(request)
    stored = json.loads(json.dumps(breakdown.to_dict()))
    assert PriceBreakdown.from_dict(stored) == breakdown
