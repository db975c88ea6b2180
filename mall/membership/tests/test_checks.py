"""What a price list or a level ladder may not be, in the words the operator and the seller
read."""

import pytest
from django.core.exceptions import ValidationError

from mall.membership import checks
from mall.membership.models import GroupPrice, MemberLevel, MemberPrice, MinimumOrderQuantity

NAMES = {1: "银卡会员", 2: "金卡会员", 3: "钻石会员"}


def test_a_falling_ladder_below_the_list_price_is_fine():
    assert checks.ladder_problems(10_000, [(1, 9_000), (10, 8_500), (100, 8_500)]) == []


def test_more_pieces_may_not_cost_more_per_piece():
    assert checks.ladder_problems(10_000, [(100, 9_000), (10, 8_000)]) == [
        "100 件起的单价 ¥90.00 不能高于 10 件起的 ¥80.00"
    ]


def test_a_ladder_price_at_or_above_the_list_price_is_meaningless():
    assert checks.ladder_problems(10_000, [(10, 10_000)]) == [
        "10 件起的单价 ¥100.00 不低于售价 ¥100.00，没有意义"
    ]


def test_negative_prices_repeated_and_zero_quantities_are_refused():
    problems = checks.ladder_problems(10_000, [(0, 5_000), (10, -1), (10, 4_000)])
    assert "起购数量至少为 1 件" in problems
    assert "起购数量 10 件重复了" in problems
    assert "10 件起的单价不能为负数" in problems


def test_a_minimum_quantity_is_at_least_one_piece():
    assert checks.minimum_problems(0) == ["起订量至少为 1 件"]
    assert checks.minimum_problems(1) == []


def test_member_prices_do_not_rise_with_rank():
    assert checks.member_price_problems(10_000, [(1, 9_000), (2, 9_500)], NAMES) == [
        "金卡会员价 ¥95.00 不能高于银卡会员价 ¥90.00"
    ]
    assert checks.member_price_problems(10_000, [(1, 9_500), (3, 9_000)], NAMES) == []


def test_member_prices_are_for_existing_levels_above_ordinary():
    assert checks.member_price_problems(10_000, [(0, 9_000)], NAMES) == [
        "会员价只能设置给银卡及以上的会员等级"
    ]
    assert checks.member_price_problems(10_000, [(7, 9_000)], NAMES) == [
        "会员价只能设置给银卡及以上的会员等级"
    ]
    assert checks.member_price_problems(10_000, [(2, 12_000)], NAMES) == [
        "金卡会员价 ¥120.00 不低于售价 ¥100.00，没有意义"
    ]


def test_level_thresholds_rise_with_rank_from_zero():
    assert checks.level_problems([(0, 0, "普通"), (1, 1_000, "银卡"), (2, 5_000, "金卡")]) == []
    assert checks.level_problems([(0, 0, "普通"), (1, 5_000, "银卡"), (2, 5_000, "金卡")]) == [
        "“金卡”的门槛 ¥50.00 必须高于“银卡”的门槛 ¥50.00"
    ]
    assert checks.level_problems([(0, 100, "普通")]) == ["最低等级“普通”的门槛必须为 0"]


# --- the models' clean (the admin) asks the same checks with the rows already saved ----------
def test_a_group_price_row_is_checked_against_its_ladder(sku, groups):
    GroupPrice.objects.create(sku=sku, group=groups["agent"], min_quantity=10, unit_price=8_000)
    step = GroupPrice(sku=sku, group=groups["agent"], min_quantity=100, unit_price=8_500)
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert error.value.messages == ["100 件起的单价 ¥85.00 不能高于 10 件起的 ¥80.00"]
    other_group = GroupPrice(sku=sku, group=groups["dealer"], min_quantity=100, unit_price=8_500)
    other_group.full_clean()  # another group's ladder is its own


def test_a_member_price_row_is_checked_against_the_others(sku, levels):
    MemberPrice.objects.create(sku=sku, min_rank=1, unit_price=9_000)
    with pytest.raises(ValidationError) as error:
        MemberPrice(sku=sku, min_rank=2, unit_price=9_500).full_clean()
    assert error.value.messages == ["金卡会员价 ¥95.00 不能高于银卡会员价 ¥90.00"]


def test_a_level_row_is_checked_against_the_others(levels):
    with pytest.raises(ValidationError) as error:
        MemberLevel(rank=4, name="黑卡会员", threshold=1_000_000).full_clean()
    assert error.value.messages == [
        "“黑卡会员”的门槛 ¥10,000.00 必须高于“钻石会员”的门槛 ¥20,000.00"
    ]
    level = levels[2]
    level.threshold = 50_000
    with pytest.raises(ValidationError):
        level.full_clean()


def test_a_minimum_quantity_row_is_at_least_one(sku, groups):
    with pytest.raises(ValidationError) as error:
        MinimumOrderQuantity(sku=sku, group=groups["agent"], quantity=0).full_clean()
    assert "起订量至少为 1 件" in error.value.messages
