"""Who pays an order's discounts, and what of it reaches the shop at settlement."""

from mall.orders.funding import funding_of, settlement_shares
from mall.pricing.breakdown import Adjustment, AppliedRule, PricedLine, ShopPrice
from mall.pricing.freight import FreightQuote
from mall.pricing.rules import Layer

SHOP, PARTNER = 7, 9


def _line(sku_id: int, goods: int, *adjustments: Adjustment) -> PricedLine:
    discount = sum(a.amount for a in adjustments)
    return PricedLine(sku_id, 1, goods, goods, discount, goods - discount, adjustments)


def _shop(*lines: PricedLine, freight_discount: int = 0) -> ShopPrice:
    goods, discount = sum(x.goods for x in lines), sum(x.discount for x in lines)
    quote = FreightQuote(fee=freight_discount, deliverable=True, reason="")
    return ShopPrice(SHOP, lines, goods, discount, 0, quote, goods - discount, freight_discount)


def _adjustment(amount: int, *funded_by) -> Adjustment:
    return Adjustment(Layer.ORDER, "promotion:1", "reduction", amount, tuple(funded_by))


def test_the_shops_own_discounts_owe_it_nothing():
    shop = _shop(_line(1, 1000, _adjustment(100, (SHOP, 100))))

    assert funding_of(shop, ()) == {"lines": [], "freight": []}


def test_platform_and_partner_parts_are_kept_per_line():
    joint = _adjustment(200, (SHOP, 100), (PARTNER, 100))
    coupon = Adjustment(Layer.COUPON, "coupon:5", "coupon", 50, ((None, 50),))
    shop = _shop(_line(1, 1000, joint, coupon), _line(2, 500, coupon))

    assert funding_of(shop, ()) == {
        "lines": [[1, PARTNER, 100], [1, None, 50], [2, None, 50]],
        "freight": [],
    }


def test_waived_freight_is_split_as_the_shipping_rule_is_funded():
    rule = AppliedRule("promotion:3", Layer.SHIPPING, 1000, {SHOP: 800, 2: 200}, ((None, 1000),))

    assert funding_of(_shop(_line(1, 1000), freight_discount=800), (rule,))["freight"] == [
        [None, 800]
    ]


def test_settlement_pays_each_party_for_what_the_buyer_kept():
    funding = {"lines": [[1, None, 90], [2, PARTNER, 60]], "freight": [[None, 800]]}
    kept = {1: (900, 900), 2: (200, 400)}  # line 2 half refunded

    shares = settlement_shares(funding, kept, order_kept=(1100, 1300))

    assert shares.platform == 90 + 800 * 1100 // 1300
    assert shares.partners == {PARTNER: 30}
    assert shares.by_sku == {1: 90, 2: 30}


def test_a_fully_refunded_order_pays_no_subsidy():
    funding = {"lines": [[1, None, 90]], "freight": [[None, 800]]}

    shares = settlement_shares(funding, {1: (0, 900)}, order_kept=(0, 900))

    assert (shares.platform, shares.partners) == (0, {})
