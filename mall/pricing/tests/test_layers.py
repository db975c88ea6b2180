"""Table tests from the shopper's view: what a cart costs under each kind of rule."""

from datetime import UTC, datetime

import pytest

from mall.pricing import Shopper, price_checkout
from mall.pricing.rules import (
    Audience,
    Basis,
    CatalogueKind,
    CatalogueRule,
    GroupPrice,
    MemberPrice,
    MinimumQuantity,
    OrderKind,
    OrderRule,
    Schedule,
    Scope,
    ShippingRule,
    Tier,
)
from mall.pricing.tests.builders import daily, line, request, shanghai


def percent(key: str, bp: int, **options) -> CatalogueRule:
    return CatalogueRule(key=key, name=key, kind=CatalogueKind.PERCENT, discount_bp=bp, **options)


def amount_off(key: str, fen: int, **options) -> CatalogueRule:
    return CatalogueRule(key=key, name=key, kind=CatalogueKind.AMOUNT, amount=fen, **options)


def reduction(key: str, *tiers: tuple[int, int], **options) -> OrderRule:
    tiers_ = tuple(Tier(threshold, value) for threshold, value in tiers)
    return OrderRule(key=key, name=key, kind=OrderKind.REDUCTION, tiers=tiers_, **options)


def totals(breakdown) -> list[int]:
    return [pl.total for shop in breakdown.shops for pl in shop.lines]


# --- catalogue layer ----------------------------------------------------------------------


EVENING_SLOT = percent("promotion:1", 2000, schedule=daily("20:00", "21:00"))


@pytest.mark.parametrize(
    ("moment", "pays"),
    [
        (shanghai(26, 20, 30), 8000),  # 20:30 in Shanghai: inside the slot
        (shanghai(26, 21, 0), 10000),  # the slot ends at 21:00 sharp
        (shanghai(26, 19, 59), 10000),
        (datetime(2026, 11, 26, 20, 30, tzinfo=UTC), 10000),  # 20:30 UTC is 04:30 in Shanghai
        (datetime(2026, 11, 26, 12, 30, tzinfo=UTC), 8000),  # 12:30 UTC is 20:30 in Shanghai
        (None, 10000),  # no moment: no scheduled rule
    ],
)
def test_a_time_slot_discount_applies_inside_its_shanghai_window(moment, pays):
    breakdown = price_checkout(request(line(1, 10000), rules=(EVENING_SLOT,), moment=moment))
    assert breakdown.total == pays


def test_a_time_slot_line_says_which_window():
    breakdown = price_checkout(request(line(1, 10000), rules=(EVENING_SLOT,)))
    (adjustment,) = breakdown.shops[0].lines[0].adjustments
    assert adjustment.code == "time_slot"
    assert adjustment.params["window"] == "20:00–21:00"
    assert adjustment.params["discount_bp"] == 2000


@pytest.mark.parametrize(("day", "pays"), [(26, 10000), (28, 9000), (29, 9000), (30, 10000)])
def test_a_weekend_window_runs_on_saturday_and_sunday_only(day, pays):
    weekend = percent("promotion:1", 1000, schedule=daily("10:00", "22:00", frozenset({5, 6})))
    moment = shanghai(day, 12)
    assert price_checkout(request(line(1, 10000), rules=(weekend,), moment=moment)).total == pays


def test_a_rule_outside_its_dates_does_not_apply():
    later = percent("promotion:1", 5000, schedule=Schedule(starts_at=shanghai(27, 0)))
    assert price_checkout(request(line(1, 10000), rules=(later,))).total == 10000
    ended = percent("promotion:1", 5000, schedule=Schedule(ends_at=shanghai(26, 20)))
    assert price_checkout(request(line(1, 10000), rules=(ended,))).total == 10000


def test_a_special_price_replaces_the_unit_price_of_its_skus():
    special = CatalogueRule(
        key="promotion:1", name="特价", kind=CatalogueKind.SPECIAL, special_prices={1: 6600}
    )
    breakdown = price_checkout(request(line(1, 9900, 2), line(2, 5000), rules=(special,)))
    assert totals(breakdown) == [13200, 5000]
    assert breakdown.shops[0].lines[0].adjustments[0].code == "special"


def test_percent_and_amount_stack_on_the_same_base():
    """10 % off ¥100 and ¥5 off: ¥85, whichever runs first (not ¥85.50)."""
    rules = (percent("promotion:1", 1000), amount_off("promotion:2", 500, priority=5))
    breakdown = price_checkout(request(line(1, 10000, 3), rules=rules))
    assert totals(breakdown) == [3 * 8500]
    assert [a.amount for a in breakdown.shops[0].lines[0].adjustments] == [1500, 3000]


def test_stacked_cuts_never_take_more_than_the_price():
    rules = (amount_off("promotion:1", 700), amount_off("promotion:2", 700))
    assert price_checkout(request(line(1, 1000), rules=rules)).total == 0


def test_an_exclusive_group_gives_each_line_its_best_rule():
    rules = (
        percent("promotion:1", 1000, exclusive_group="main"),
        amount_off("promotion:2", 1500, exclusive_group="main"),
    )
    breakdown = price_checkout(request(line(1, 10000), line(2, 30000), rules=rules))
    assert totals(breakdown) == [8500, 27000]


def test_a_percentage_rounds_the_unit_price_half_up():
    """12.35 at 8折 is 9.88; 0.05 at 5折 is 0.03 (0.025 rounded up)."""
    rules = (percent("promotion:1", 2000, scope=Scope(sku_ids=frozenset({1}))),
             percent("promotion:2", 5000, scope=Scope(sku_ids=frozenset({2}))))  # fmt: skip
    breakdown = price_checkout(request(line(1, 1235, 3), line(2, 5, 4), rules=rules))
    assert totals(breakdown) == [3 * 988, 4 * 3]


def test_scopes_pick_lines_by_category_brand_tag_and_exclusions():
    rules = (
        percent("promotion:1", 1000, scope=Scope(category_ids=frozenset({1}))),
        amount_off("promotion:2", 100, scope=Scope(tags=frozenset({"new"}))),
        amount_off("promotion:3", 200, scope=Scope(brand_ids=frozenset({7}),
                                                   excluded_product_ids=frozenset({3}))),
    )  # fmt: skip
    lines = (
        line(1, 1000, category_path=(11, 1)),  # a child category of 1
        line(2, 1000, category_path=(20, 2), tags=frozenset({"new"}), brand_id=7),
        line(3, 1000, category_path=(20, 2), brand_id=7),
    )
    assert totals(price_checkout(request(*lines, rules=rules))) == [900, 700, 1000]


def test_a_shop_rule_covers_only_its_shop():
    rule = percent("promotion:1", 5000, shop_id=1)
    breakdown = price_checkout(
        request(line(1, 1000, shop_id=1), line(2, 1000, shop_id=2), rules=(rule,))
    )
    assert totals(breakdown) == [500, 1000]
    assert breakdown.applied[0].funded_by == ((1, 500),)


def test_member_only_and_new_shopper_rules():
    rules = (
        percent("promotion:1", 1000, audience=Audience(min_member_rank=2)),
        amount_off("promotion:2", 100, audience=Audience(new_shoppers_only=True)),
    )
    cart = (line(1, 1000),)
    gold = Shopper(member_rank=2, is_new=False)
    assert price_checkout(request(*cart, rules=rules, shopper=gold)).total == 900
    assert price_checkout(request(*cart, rules=rules, shopper=Shopper())).total == 900  # 新人
    assert price_checkout(request(*cart, rules=rules, shopper=Shopper(is_new=False))).total == 1000
    both = Shopper(member_rank=3, is_new=True)
    assert price_checkout(request(*cart, rules=rules, shopper=both)).total == 800


def test_a_catalogue_budget_stops_at_what_is_left():
    rule = amount_off("promotion:1", 1000, budget_left=2500)
    breakdown = price_checkout(request(line(2, 5000, 2), line(1, 5000, 2), rules=(rule,)))
    # budgets are spent in SKU order: SKU 1 gets 2 × ¥10, SKU 2 what is left
    assert totals(breakdown) == [10000 - 500, 10000 - 2000]
    assert breakdown.applied[0].amount == 2500


# --- price lists --------------------------------------------------------------------------


LADDER = (
    GroupPrice(sku_id=1, group="wholesaler", unit_price=900, min_quantity=10),
    GroupPrice(sku_id=1, group="wholesaler", unit_price=800, min_quantity=100),
    GroupPrice(sku_id=1, group="agent", unit_price=500, min_quantity=1),
)


@pytest.mark.parametrize(("quantity", "unit"), [(5, 1000), (10, 900), (99, 900), (100, 800)])
def test_a_wholesaler_pays_the_ladder_step_reached(quantity, unit):
    shopper = Shopper(group="wholesaler")
    breakdown = price_checkout(
        request(line(1, 1000, quantity), shopper=shopper, price_lists=LADDER)
    )
    assert breakdown.total == unit * quantity


def test_a_retail_shopper_pays_the_list_price():
    breakdown = price_checkout(request(line(1, 1000, 100), price_lists=LADDER))
    assert breakdown.total == 100_000


def test_a_minimum_quantity_is_a_problem_below_it():
    minimum = (MinimumQuantity(sku_id=1, group="dealer", quantity=6),)
    shopper = Shopper(group="dealer")
    short = price_checkout(request(line(1, 1000, 5), shopper=shopper, price_lists=minimum))
    assert [(p.code, dict(p.params)) for p in short.problems] == [
        ("min_quantity", {"sku_id": 1, "quantity": 6})
    ]
    enough = price_checkout(request(line(1, 1000, 6), shopper=shopper, price_lists=minimum))
    assert enough.problems == ()


def test_a_member_pays_the_lowest_member_price_of_their_rank():
    prices = (MemberPrice(1, 1, 900), MemberPrice(1, 2, 800), MemberPrice(1, 3, 700))
    gold = Shopper(member_rank=2)
    breakdown = price_checkout(request(line(1, 1000, 2), shopper=gold, price_lists=prices))
    assert breakdown.total == 1600
    (adjustment,) = breakdown.shops[0].lines[0].adjustments
    assert (adjustment.code, dict(adjustment.params)) == (
        "member_price",
        {"min_rank": 2, "unit_price": 800},
    )


def test_a_catalogue_percentage_is_taken_of_the_member_price():
    prices = (MemberPrice(1, 1, 800),)
    rules = (percent("promotion:1", 5000),)
    breakdown = price_checkout(
        request(line(1, 1000), shopper=Shopper(member_rank=1), price_lists=prices, rules=rules)
    )
    assert breakdown.total == 400


# --- order layer --------------------------------------------------------------------------


TIERS = reduction("promotion:9", (10000, 1000), (20000, 3000))


@pytest.mark.parametrize(("goods", "off"), [(9999, 0), (10000, 1000), (19999, 1000), (25000, 3000)])
def test_reduction_tiers(goods, off):
    breakdown = price_checkout(request(line(1, goods), rules=(TIERS,)))
    assert breakdown.discount == off


def test_the_next_tier_is_hinted():
    breakdown = price_checkout(request(line(1, 15000), rules=(TIERS,)))
    (hint,) = breakdown.hints
    assert hint.code == "reduction_gap"
    assert (hint.params["missing"], hint.params["threshold"], hint.params["value"]) == (
        5000,
        20000,
        3000,
    )
    assert price_checkout(request(line(1, 25000), rules=(TIERS,))).hints == ()


@pytest.mark.parametrize(("goods", "off"), [(9000, 0), (35000, 3000), (99999, 5000)])
def test_every_100_off_10_stops_at_its_cap(goods, off):
    rule = reduction("promotion:1", (10000, 1000), repeat=True, repeat_cap=5000)
    assert price_checkout(request(line(1, goods), rules=(rule,))).discount == off


def test_a_reduction_is_spread_over_the_lines_by_what_they_cost():
    rule = reduction("promotion:1", (20000, 3000))
    breakdown = price_checkout(request(line(1, 10000), line(2, 6000), line(3, 4100), rules=(rule,)))
    shares = [pl.discount for pl in breakdown.shops[0].lines]
    assert shares == [1493, 895, 612]  # 1492.54, 895.52, 611.94
    assert [pl.adjustments[0].params["share"] for pl in breakdown.shops[0].lines] == shares


def test_a_reduction_after_the_catalogue_layer_counts_the_discounted_amount():
    rules = (percent("promotion:1", 1000), reduction("promotion:2", (10000, 1000)))
    assert price_checkout(request(line(1, 10500), rules=rules)).discount == 1050
    assert price_checkout(request(line(1, 11200), rules=rules)).discount == 1120 + 1000


def test_an_order_discount_takes_its_rate_of_the_matching_lines():
    rule = OrderRule(key="promotion:1", name="满300打9折", kind=OrderKind.DISCOUNT,
                     tiers=(Tier(30000, 1000),))  # fmt: skip
    breakdown = price_checkout(request(line(1, 33333), rules=(rule,)))
    assert breakdown.discount == 3333  # rounded down
    assert breakdown.shops[0].lines[0].adjustments[0].code == "order_discount"


def test_a_platform_reduction_counts_lines_of_every_shop():
    rule = reduction("promotion:1", (10000, 2000))
    breakdown = price_checkout(
        request(line(1, 6000, shop_id=1), line(2, 6000, shop_id=2), rules=(rule,))
    )
    assert [shop.discount for shop in breakdown.shops] == [1000, 1000]
    (applied,) = breakdown.applied
    assert dict(applied.by_shop) == {1: 1000, 2: 1000}
    assert applied.funded_by == ((None, 2000),)


def test_a_shop_reduction_counts_only_its_shop():
    rule = reduction("promotion:1", (10000, 2000), shop_id=1)
    breakdown = price_checkout(
        request(line(1, 6000, shop_id=1), line(2, 6000, shop_id=2), rules=(rule,))
    )
    assert breakdown.discount == 0
    assert breakdown.hints[0].params["missing"] == 4000


def test_quantity_basis_counts_pieces():
    rule = reduction("promotion:1", (3, 500), basis=Basis.QUANTITY)
    assert price_checkout(request(line(1, 1000, 2), rules=(rule,))).discount == 0
    assert price_checkout(request(line(1, 1000, 3), rules=(rule,))).discount == 500


GIFT = OrderRule(key="promotion:5", name="买洗发水送护发素", kind=OrderKind.GIFT,
                 tiers=(Tier(1, 0),), basis=Basis.QUANTITY, gift_sku_id=99, gift_quantity=1,
                 scope=Scope(sku_ids=frozenset({1})))  # fmt: skip


def test_buying_the_shampoo_adds_the_conditioner():
    breakdown = price_checkout(request(line(1, 4900), rules=(GIFT,), gift_stock={99: 5}))
    (gift,) = breakdown.shops[0].gifts
    assert (gift.sku_id, gift.shop_id, gift.quantity, gift.key) == (99, 1, 1, "promotion:5")
    assert breakdown.total == 4900


def test_no_gift_stock_is_explained_and_does_not_block():
    breakdown = price_checkout(request(line(1, 4900), rules=(GIFT,), gift_stock={99: 0}))
    assert breakdown.shops[0].gifts == ()
    assert "gift_out_of_stock" in [e.code for e in breakdown.explanations]
    assert breakdown.problems == ()


def test_the_second_piece_at_half_price():
    rule = OrderRule(
        key="promotion:1", name="第二件半价", kind=OrderKind.NTH_ITEM, nth=2, discount_bp=5000
    )
    breakdown = price_checkout(request(line(1, 1999, 3), line(2, 1000, 1), rules=(rule,)))
    assert totals(breakdown) == [3 * 1999 - 999, 1000]  # 1999 at 5折 is 1000 (rounded half up)


def test_an_exclusive_group_of_order_rules_takes_the_best():
    rules = (
        reduction("promotion:1", (10000, 1500), exclusive_group="festival"),
        reduction("promotion:2", (10000, 2000), exclusive_group="festival"),
        reduction("promotion:3", (10000, 500)),
    )
    breakdown = price_checkout(request(line(1, 10000), rules=rules))
    assert breakdown.discount == 2500
    assert [a.key for a in breakdown.applied] == ["promotion:2", "promotion:3"]


def test_joint_funding_splits_fifty_fifty_to_the_fen():
    rule = reduction("promotion:1", (100, 3001), funding=((None, 5000), (7, 5000)))
    breakdown = price_checkout(request(line(1, 5000), line(2, 5000), line(3, 5000), rules=(rule,)))
    (applied,) = breakdown.applied
    assert applied.funded_by == ((None, 1501), (7, 1500))
    lines = breakdown.shops[0].lines
    assert [sum(amount for _, amount in pl.adjustments[0].funded_by) for pl in lines] == [
        1001,
        1000,
        1000,
    ]


def test_an_order_budget_caps_the_reduction():
    rule = reduction("promotion:1", (10000, 3000), budget_left=1200)
    assert price_checkout(request(line(1, 20000), rules=(rule,))).discount == 1200


# --- shipping -----------------------------------------------------------------------------


def test_free_shipping_over_99_in_shanghai():
    rule = ShippingRule(
        key="promotion:1", name="满99包邮", threshold=9900, region_prefixes=("31",), shop_id=1
    )
    reached = price_checkout(
        request(line(1, 9900), freight=800, rules=(rule,), region_code="310101")
    )
    assert (reached.freight, reached.shops[0].freight_discount) == (0, 800)
    assert reached.shops[0].freight_quote.fee == 800
    assert reached.applied[0].layer == "shipping" and reached.applied[0].funded_by == ((1, 800),)
    short = price_checkout(request(line(1, 9800), freight=800, rules=(rule,), region_code="310101"))
    assert short.freight == 800
    elsewhere = price_checkout(
        request(line(1, 9900), freight=800, rules=(rule,), region_code="110101")
    )
    assert elsewhere.freight == 800


def test_a_free_shipping_budget_covers_whole_fees_only():
    rule = ShippingRule(key="promotion:1", name="包邮", budget_left=1000)
    breakdown = price_checkout(
        request(line(1, 100, shop_id=1), line(2, 100, shop_id=2), freight=800, rules=(rule,))
    )
    assert [shop.freight for shop in breakdown.shops] == [0, 800]
    assert breakdown.applied[0].amount == 800
