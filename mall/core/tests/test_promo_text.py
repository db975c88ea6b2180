"""Promotions worded for shoppers (zh-Hans source strings)."""

from datetime import time

import pytest
from django.utils import translation

from mall.core import promo_text as text
from mall.pricing import Adjustment, CouponOption, Explanation, Hint, Layer, Problem, price_checkout
from mall.pricing.rules import (
    Basis,
    CatalogueKind,
    CatalogueRule,
    Coupon,
    CouponKind,
    OrderKind,
    OrderRule,
    Schedule,
    ShippingRule,
    Tier,
    Window,
)
from mall.pricing.tests.builders import daily, line, request


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def adjustment(code: str, share: int = 412, **params) -> Adjustment:
    return Adjustment(Layer.ORDER, "promotion:1", code, share, params=params)


def gap(code: str, missing: int, threshold: int, value: int, basis: str = "amount") -> Hint:
    params = {"missing": missing, "threshold": threshold, "value": value, "basis": basis}
    return Hint(code, params)


def shop_rule(**options) -> OrderRule:
    return OrderRule(key="p", name="n", shop_id=3, **options)


@pytest.mark.parametrize(
    ("bp", "words"),
    [(2000, "8折"), (1500, "8.5折"), (500, "9.5折"), (1234, "8.766折"), (0, "10折")],
)
def test_zhe(bp, words):
    assert text.zhe(bp) == words


@pytest.mark.parametrize(
    ("made", "words"),
    [
        (adjustment("time_slot", kind="percent", discount_bp=2000, window="20:00–21:00"),
         "限时折扣 8折 · 20:00–21:00"),
        (adjustment("reduction", threshold=20000, value=3000, basis="amount"),
         "满200减30 分摊 ¥4.12"),
        (adjustment("reduction", threshold=10000, value=1000, basis="amount", repeat=1),
         "每满100减10 分摊 ¥4.12"),
        (adjustment("order_discount", threshold=30000, value=1000, basis="amount"),
         "满300打9折 分摊 ¥4.12"),
        (adjustment("special", kind="special", unit_price=6600), "特价 ¥66.00"),
        (adjustment("amount_off", kind="amount", amount=500), "立减 ¥5.00"),
        (adjustment("discount", kind="percent", discount_bp=1000), "折扣 9折"),
        (adjustment("member_price", min_rank=2, unit_price=8000), "会员价 ¥80.00"),
        (adjustment("group_price", unit_price=900, min_quantity=10, group="wholesaler"),
         "渠道价 ¥9.00（10 件起）"),
        (adjustment("nth_item", nth=2, discount_bp=5000), "第2件5折"),
        (adjustment("coupon", name="店铺券"), "优惠券「店铺券」 分摊 ¥4.12"),
        (adjustment("something_new"), "优惠 ¥4.12"),
    ],
)  # fmt: skip
def test_adjustment_text(made, words):
    assert text.adjustment_text(made) == words


def test_the_engine_s_own_adjustments_are_worded():
    rules = (CatalogueRule(key="promotion:1", name="晚场", discount_bp=2000,
                           schedule=daily("20:00", "21:00")),
             OrderRule(key="promotion:2", name="满减", tiers=(Tier(10000, 2000),)))  # fmt: skip
    breakdown = price_checkout(request(line(1, 15000), rules=rules))
    words = [text.adjustment_text(a) for a in breakdown.shops[0].lines[0].adjustments]
    assert words == ["限时折扣 8折 · 20:00–21:00", "满100减20 分摊 ¥20.00"]
    assert text.explanation_text(breakdown.explanations[0]) is None  # goods: the cart's
    assert text.explanation_text(breakdown.explanations[-1]) == "满减 优惠 ¥20.00"


@pytest.mark.parametrize(
    ("hint", "words"),
    [
        (gap("reduction_gap", 1200, 10000, 2000), "再买 ¥12.00 可享满100减20"),
        (gap("discount_gap", 5000, 30000, 1000), "再买 ¥50.00 可享满300打9折"),
        (gap("reduction_gap", 1, 3, 500, "quantity"), "再买 1 件 可享满3件减¥5.00"),
        (gap("gift_gap", 990, 9900, 0), "再买 ¥9.90 可获赠品"),
        (Hint("unknown_gap", {}), "再买一些可享更多优惠"),
    ],
)  # fmt: skip
def test_hint_text(hint, words):
    assert text.hint_text(hint) == words


@pytest.mark.parametrize(
    ("code", "params", "words"),
    [
        ("time_slot", {"kind": "percent", "discount_bp": 2000}, "限时 8折"),
        ("time_slot", {"kind": "special", "unit_price": 100}, "限时 特价"),
        ("special", {"unit_price": 100}, "特价"),
        ("discount", {"discount_bp": 1500}, "8.5折"),
        ("amount_off", {"amount": 500}, "立减¥5.00"),
        ("brand_new", {}, "促销"),
        (None, {}, ""),
    ],
)
def test_badge_text(code, params, words):
    assert text.badge_text(code, params) == words


@pytest.mark.parametrize(
    ("tag", "words"),
    [("time_slot", "限时"), ("reduction", "满减"), ("member_price", "会员价"),
     ("free_shipping", "包邮"), ("gift", "买赠"), ("unheard_of", "促销")],
)  # fmt: skip
def test_tag_label(tag, words):
    assert text.tag_label(tag) == words


@pytest.mark.parametrize(
    ("option", "words"),
    [
        (CouponOption(1, usable=False, reason="threshold", missing=1200), "还差 ¥12.00 可用"),
        (CouponOption(1, usable=False, reason="scope"), "不在适用范围"),
        (CouponOption(1, usable=False, reason="expired"), "已过期"),
        (CouponOption(1, usable=False, reason="not_started"), "未到使用时间"),
        (CouponOption(1, usable=False, reason="mystery"), "不可用"),
        (CouponOption(1, usable=True, discount=100), ""),
    ],
)
def test_coupon_reason_text(option, words):
    assert text.coupon_reason_text(option) == words


def test_problem_text():
    assert (
        text.problem_text(Problem("min_quantity", {"sku_id": 1, "quantity": 6})) == "至少购买 6 件"
    )
    expired = Problem("coupon_unusable", {"coupon_id": 3, "reason": "expired"})
    assert text.problem_text(expired) == "优惠券不可用：已过期"
    assert text.problem_text(Problem("new_problem")) == "订单暂时无法提交，请刷新后重试"


@pytest.mark.parametrize(
    ("coupon", "words"),
    [
        (Coupon(1, "券", CouponKind.AMOUNT, amount=2000, threshold=10000), "满100减20"),
        (Coupon(1, "券", CouponKind.AMOUNT, amount=2000), "¥20 无门槛"),
        (Coupon(1, "券", CouponKind.PERCENT, discount_bp=2000, cap=5000), "8折 最高减¥50"),
        (Coupon(1, "券", CouponKind.PERCENT, discount_bp=1500), "8.5折"),
        (Coupon(1, "券", CouponKind.FREE_SHIPPING), "包邮"),
        (Coupon(1, "券", CouponKind.FREE_SHIPPING, threshold=9900), "满99包邮"),
    ],
)
def test_coupon_value_text(coupon, words):
    assert text.coupon_value_text(coupon) == words


WEEKEND = Schedule(windows=(Window(time(10), time(22), frozenset({5, 6})),))


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (CatalogueRule(key="p", name="n", discount_bp=2000, schedule=daily("20:00", "21:00")),
         "每天 20:00–21:00 8折"),
        (CatalogueRule(key="p", name="n", kind=CatalogueKind.AMOUNT, amount=500, schedule=WEEKEND),
         "每周六、日 10:00–22:00 立减¥5.00"),
        (CatalogueRule(key="p", name="n", kind=CatalogueKind.SPECIAL), "特价"),
        (OrderRule(key="p", name="n", tiers=(Tier(30000, 5000),)), "满300减50（跨店）"),
        (shop_rule(tiers=(Tier(20000, 3000), Tier(10000, 1000))), "满100减10，满200减30"),
        (shop_rule(tiers=(Tier(10000, 1000),), repeat=True, repeat_cap=5000),
         "每满100减10，最多减¥50.00"),
        (shop_rule(kind=OrderKind.DISCOUNT, tiers=(Tier(30000, 1000),)), "满300打9折"),
        (shop_rule(kind=OrderKind.GIFT, basis=Basis.QUANTITY, tiers=(Tier(2, 0),)), "满2件送赠品"),
        (OrderRule(key="p", name="n", kind=OrderKind.NTH_ITEM, nth=2, discount_bp=5000),
         "第2件5折"),
        (ShippingRule(key="p", name="n", threshold=9900), "满99包邮"),
        (ShippingRule(key="p", name="n"), "包邮"),
    ],
)  # fmt: skip
def test_rule_summary(rule, words):
    assert text.rule_summary(rule) == words


def test_other_explanations():
    assert text.explanation_text(Explanation("free_shipping", {"fee": 800})) == "已免运费 ¥8.00"
    out = Explanation("gift_out_of_stock", {"name": "买一送一"})
    assert text.explanation_text(out) == "「买一送一」的赠品已送完"
