"""What pricing reads about a shopper: who they are and the price-list entries that concern
them, in the query budget the checkout and the cart rely on."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.membership import selectors
from mall.membership.models import (
    CustomerProfile,
    GroupPrice,
    MemberPrice,
    MinimumOrderQuantity,
    SpendRecord,
)
from mall.pricing import rules

pytestmark = pytest.mark.django_db


# --- shopper_for --------------------------------------------------------------------------------
def test_visitors_are_the_anonymous_shopper_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.shopper_for(None) is rules.ANONYMOUS
        assert selectors.shopper_for(AnonymousUser()) is rules.ANONYMOUS


def test_a_shopper_without_a_profile_is_new_ordinary_and_retail(django_assert_num_queries):
    user = ShopperFactory()
    with django_assert_num_queries(1):
        shopper = selectors.shopper_for(user)
    assert shopper == rules.Shopper(member_rank=0, group=None, tags=frozenset(),
                                    cumulative_spend=0, is_new=True)  # fmt: skip


def test_a_profile_gives_rank_group_tags_spend_in_one_query(groups, django_assert_num_queries):
    user = ShopperFactory()
    CustomerProfile.objects.create(
        user=user, group=groups["agent"], tags=["vip", "企业"], cumulative_spend=123_400,
        paid_orders=3, member_rank=2,
    )  # fmt: skip
    with django_assert_num_queries(1):
        shopper = selectors.shopper_for(user)
    assert shopper == rules.Shopper(member_rank=2, group="agent", tags=frozenset({"vip", "企业"}),
                                    cumulative_spend=123_400, is_new=False)  # fmt: skip


# --- price_lists_for ----------------------------------------------------------------------------
@pytest.fixture
def priced(sku, groups, levels):
    """The ¥100 SKU with an agent ladder, a wholesaler ladder and minimum, and member prices;
    a second SKU of ¥50 with a silver member price only."""
    other = ProductFactory(skus=[([], 5_000, 10)]).skus.get()
    for group, quantity, price in (("agent", 1, 9_500), ("agent", 10, 9_000),
                                   ("agent", 100, 8_000), ("wholesaler", 10, 8_800)):  # fmt: skip
        GroupPrice.objects.create(sku=sku, group=groups[group], min_quantity=quantity,
                                  unit_price=price)  # fmt: skip
    MinimumOrderQuantity.objects.create(sku=sku, group=groups["wholesaler"], quantity=10)
    for rank, price in ((1, 9_800), (2, 9_600), (3, 9_300)):
        MemberPrice.objects.create(sku=sku, min_rank=rank, unit_price=price)
    MemberPrice.objects.create(sku=other, min_rank=1, unit_price=4_500)
    return sku, other


def test_an_agent_gets_the_whole_agent_ladder_to_pick_a_step_by_quantity(priced):
    sku, other = priced
    shopper = rules.Shopper(group="agent")
    assert selectors.price_lists_for(shopper, [sku.pk, other.pk]) == (
        rules.GroupPrice(sku.pk, "agent", 9_500, 1),
        rules.GroupPrice(sku.pk, "agent", 9_000, 10),
        rules.GroupPrice(sku.pk, "agent", 8_000, 100),
    )


def test_a_wholesaler_gets_their_ladder_and_minimum_not_the_agents(priced):
    sku, _other = priced
    entries = selectors.price_lists_for(rules.Shopper(group="wholesaler"), [sku.pk])
    assert entries == (
        rules.GroupPrice(sku.pk, "wholesaler", 8_800, 10),
        rules.MinimumQuantity(sku.pk, "wholesaler", 10),
    )


def test_a_gold_member_gets_member_prices_up_to_gold(priced):
    sku, other = priced
    entries = selectors.price_lists_for(rules.Shopper(member_rank=2), [sku.pk, other.pk])
    assert set(entries) == {
        rules.MemberPrice(sku.pk, 1, 9_800),
        rules.MemberPrice(sku.pk, 2, 9_600),
        rules.MemberPrice(other.pk, 1, 4_500),
    }


def test_a_gold_agent_gets_both_kinds_in_three_queries(priced, django_assert_num_queries):
    sku, other = priced
    with django_assert_num_queries(3):
        entries = selectors.price_lists_for(rules.Shopper(member_rank=2, group="agent"),
                                            (sku.pk, other.pk))  # fmt: skip
    kinds = {type(entry) for entry in entries}
    assert kinds == {rules.GroupPrice, rules.MemberPrice}
    assert len(entries) == 6


def test_retail_visitors_and_empty_carts_cost_no_query(priced, django_assert_num_queries):
    sku, _other = priced
    with django_assert_num_queries(0):
        assert selectors.price_lists_for(rules.ANONYMOUS, [sku.pk]) == ()
        assert selectors.price_lists_for(rules.Shopper(member_rank=3, group="agent"), []) == ()


def test_only_the_skus_asked_for(priced):
    _sku, other = priced
    assert selectors.price_lists_for(rules.Shopper(member_rank=1, group="agent"), [other.pk]) == (
        rules.MemberPrice(other.pk, 1, 4_500),
    )


def test_a_price_the_list_price_fell_to_is_left_out(priced):
    sku, _other = priced
    sku.price = 9_000  # the agent's ≥1 step (¥95) and ≥10 step (¥90) no longer undercut it
    sku.save()
    entries = selectors.price_lists_for(rules.Shopper(group="agent"), [sku.pk])
    assert entries == (rules.GroupPrice(sku.pk, "agent", 8_000, 100),)


def test_member_price_sku_ids_in_one_query(priced, django_assert_num_queries):
    sku, other = priced
    plain = ProductFactory().skus.get()
    with django_assert_num_queries(1):
        assert selectors.member_price_sku_ids([sku.pk, other.pk, plain.pk]) == {sku.pk, other.pk}
    assert selectors.member_price_sku_ids([]) == set()


# --- levels and spend ---------------------------------------------------------------------------
def test_progress_of_a_silver_member_towards_gold(levels, groups):
    user = ShopperFactory()
    CustomerProfile.objects.create(user=user, cumulative_spend=300_000, paid_orders=4,
                                   member_rank=1, group=groups["dealer"])  # fmt: skip
    progress = selectors.level_progress(user)
    assert (progress.current.name, progress.next.name) == ("银卡会员", "金卡会员")
    assert progress.to_go == 200_000
    assert progress.percent == 50  # ¥3,000 of the way from ¥1,000 to ¥5,000
    assert progress.group.name == "经销商"
    assert [level.rank for level in progress.levels] == [0, 1, 2, 3]


def test_progress_of_a_new_shopper_and_of_the_top_level(levels):
    newcomer = selectors.level_progress(ShopperFactory())
    assert (newcomer.current.rank, newcomer.next.rank, newcomer.to_go) == (0, 1, 100_000)
    assert newcomer.percent == 0
    top = ShopperFactory()
    CustomerProfile.objects.create(user=top, cumulative_spend=3_000_000, member_rank=3)
    progress = selectors.level_progress(top)
    assert (progress.current.rank, progress.next, progress.to_go, progress.percent) == (
        3,
        None,
        0,
        100,
    )


def test_earned_rank_follows_the_thresholds(levels):
    assert [selectors.earned_rank(spend) for spend in (0, 99_999, 100_000, 2_000_000)] == [
        0,
        0,
        1,
        3,
    ]


def test_spend_between_sums_paid_orders_in_the_period():
    user, other = ShopperFactory(), ShopperFactory()
    start = timezone.now().replace(microsecond=0) - timedelta(days=30)
    for order_id, who, amount, days in ((1, user, 10_000, -1), (2, user, 20_000, 0),
                                        (3, user, 30_000, 29), (4, user, 40_000, 30),
                                        (5, other, 50_000, 5)):  # fmt: skip
        SpendRecord.objects.create(order_id=order_id, user=who, amount=amount,
                                   at=start + timedelta(days=days))  # fmt: skip
    end = start + timedelta(days=30)
    assert selectors.spend_between(user, start, end) == 50_000  # start counts, end does not
    assert selectors.spend_between(ShopperFactory(), start, end) == 0
