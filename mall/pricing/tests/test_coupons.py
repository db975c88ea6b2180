"""Coupons at checkout, from the shopper's view: the best is picked, a chosen one that cannot
be used is explained, free shipping waives the freight."""

from datetime import timedelta

import pytest

from mall.pricing import price_checkout
from mall.pricing.rules import Coupon, CouponKind, Scope, ShippingRule
from mall.pricing.tests.builders import THURSDAY_EVENING, line, request


def amount_coupon(coupon_id: int, amount: int, threshold: int = 0, **options) -> Coupon:
    return Coupon(id=coupon_id, name=f"券{coupon_id}", kind=CouponKind.AMOUNT, amount=amount,
                  threshold=threshold, **options)  # fmt: skip


def chosen(breakdown) -> list[int]:
    return [option.coupon_id for option in breakdown.coupon_options if option.chosen]


CART = (line(1, 12000, shop_id=1), line(2, 8000, shop_id=2))


def test_the_best_platform_coupon_is_picked():
    wallet = (
        amount_coupon(1, 1000, 10000),
        amount_coupon(2, 1500, 10000),
        amount_coupon(3, 5000, 50000),
    )
    breakdown = price_checkout(request(*CART, coupons=wallet))
    assert chosen(breakdown) == [2]
    assert breakdown.discount == 1500
    assert [a.key for a in breakdown.applied] == ["coupon:2"]


def test_a_shop_coupon_and_a_platform_coupon_stack():
    wallet = (
        amount_coupon(1, 1000, shop_id=1),
        amount_coupon(2, 500, shop_id=2),
        amount_coupon(3, 800),
    )
    breakdown = price_checkout(request(*CART, coupons=wallet))
    assert chosen(breakdown) == [1, 2, 3]
    assert breakdown.discount == 2300
    assert breakdown.applied[0].funded_by == ((1, 1000),)
    assert breakdown.applied[2].funded_by == ((None, 800),)


def test_the_platform_threshold_counts_after_shop_coupons():
    wallet = (amount_coupon(1, 1000, shop_id=1), amount_coupon(2, 800, threshold=20000))
    breakdown = price_checkout(request(*CART, coupons=wallet, coupon_choice=(1, 2)))
    assert chosen(breakdown) == [1]
    assert [dict(p.params) for p in breakdown.problems] == [{"coupon_id": 2, "reason": "threshold"}]


def test_a_non_stackable_coupon_wins_when_it_gives_more_alone():
    wallet = (
        amount_coupon(1, 1000, shop_id=1),
        amount_coupon(2, 800),
        amount_coupon(3, 2000, stackable=False),
    )
    assert chosen(price_checkout(request(*CART, coupons=wallet))) == [3]
    weaker = (*wallet[:2], amount_coupon(3, 1700, stackable=False))
    assert chosen(price_checkout(request(*CART, coupons=weaker))) == [1, 2]


def test_a_percent_coupon_is_capped():
    wallet = (Coupon(id=1, name="8折券", kind=CouponKind.PERCENT, discount_bp=2000, cap=3000),)
    assert price_checkout(request(*CART, coupons=wallet)).discount == 3000


def test_a_coupon_below_its_threshold_says_how_much_is_missing():
    wallet = (amount_coupon(1, 2000, threshold=30000),)
    breakdown = price_checkout(request(*CART, coupons=wallet))
    (option,) = breakdown.coupon_options
    assert (option.usable, option.reason, option.missing, option.chosen) == (
        False,
        "threshold",
        10000,
        False,
    )


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"valid_from": THURSDAY_EVENING + timedelta(days=1)}, "not_started"),
        ({"valid_until": THURSDAY_EVENING}, "expired"),
        ({"scope": Scope(category_ids=frozenset({99}))}, "scope"),
        ({"shop_id": 3}, "scope"),
    ],
)
def test_unusable_coupons_are_explained(options, reason):
    breakdown = price_checkout(request(*CART, coupons=(amount_coupon(1, 100, **options),)))
    assert breakdown.coupon_options[0].reason == reason
    assert breakdown.discount == 0


def test_choosing_an_unusable_or_foreign_coupon_is_a_problem_not_a_discount():
    wallet = (amount_coupon(1, 100, valid_until=THURSDAY_EVENING),)
    breakdown = price_checkout(request(*CART, coupons=wallet, coupon_choice=(1, 77)))
    assert breakdown.discount == 0
    assert [dict(p.params) for p in breakdown.problems] == [
        {"coupon_id": 1, "reason": "expired"},
        {"coupon_id": 77, "reason": "not_found"},
    ]


def test_choosing_no_coupon_uses_none():
    wallet = (amount_coupon(1, 1000),)
    assert price_checkout(request(*CART, coupons=wallet, coupon_choice=())).discount == 0


def test_two_coupons_of_one_shop_cannot_be_combined():
    wallet = (amount_coupon(1, 100, shop_id=1), amount_coupon(2, 200, shop_id=1))
    breakdown = price_checkout(request(*CART, coupons=wallet, coupon_choice=(1, 2)))
    assert chosen(breakdown) == [1]
    assert breakdown.problems[0].params["reason"] == "not_stackable"
    assert chosen(price_checkout(request(*CART, coupons=wallet))) == [2]


def test_a_coupon_is_spread_over_its_lines():
    wallet = (amount_coupon(1, 1001),)
    breakdown = price_checkout(request(line(1, 5000), line(2, 5000), coupons=wallet))
    assert [pl.discount for pl in breakdown.shops[0].lines] == [501, 500]


def test_a_free_shipping_coupon_waives_the_freight():
    wallet = (Coupon(id=1, name="包邮券", kind=CouponKind.FREE_SHIPPING, shop_id=1),)
    breakdown = price_checkout(request(*CART, freight=800, coupons=wallet))
    assert [shop.freight for shop in breakdown.shops] == [0, 800]
    (applied,) = breakdown.applied
    assert (applied.key, applied.amount, dict(applied.by_shop)) == ("coupon:1", 800, {1: 800})
    assert applied.funded_by == ((1, 800),)


def test_a_free_shipping_coupon_is_not_spent_where_a_rule_already_waives():
    rule = ShippingRule(key="promotion:1", name="包邮", shop_id=1)
    wallet = (Coupon(id=1, name="包邮券", kind=CouponKind.FREE_SHIPPING, shop_id=1),)
    breakdown = price_checkout(request(*CART, freight=800, coupons=wallet, rules=(rule,)))
    assert chosen(breakdown) == []
    assert [a.key for a in breakdown.applied] == ["promotion:1"]
    assert breakdown.coupon_options[0].discount == 0


def test_a_platform_coupon_alone_beats_a_shop_coupon_that_pushes_it_under_its_threshold():
    wallet = (amount_coupon(1, 500, shop_id=1), amount_coupon(2, 3000, threshold=20000))
    breakdown = price_checkout(request(*CART, coupons=wallet))
    assert chosen(breakdown) == [2]
    assert breakdown.discount == 3000
