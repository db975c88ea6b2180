"""Spend and levels from paid orders, the operator's settings, and a shop's price lists."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.membership import selectors, services
from mall.membership.models import (
    CustomerProfile,
    GroupPrice,
    MemberPrice,
    MinimumOrderQuantity,
    SpendRecord,
)
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.tests.checkout_setup import SHANGHAI, pay
from mall.orders.tests.factories import placed_order

pytestmark = pytest.mark.django_db


def paid_order(sku, buyer, quantity: int = 1):
    order = placed_order([(sku, quantity)], buyer=buyer)
    order.paid_at = timezone.now()
    return order


def profile(user) -> CustomerProfile:
    return CustomerProfile.objects.get(user=user)


# --- record_paid_order --------------------------------------------------------------------------
def test_a_paid_order_is_counted_once_even_when_replayed(sku, levels):
    buyer = ShopperFactory()
    order = paid_order(sku, buyer, quantity=2)  # ¥200.00
    assert services.record_paid_order(order) is True
    assert services.record_paid_order(order) is False
    assert (profile(buyer).cumulative_spend, profile(buyer).paid_orders) == (20_000, 1)
    assert SpendRecord.objects.get(order_id=order.pk).amount == 20_000
    assert selectors.shopper_for(buyer).is_new is False


def test_the_level_rises_when_spend_reaches_a_threshold(sku, levels):
    buyer = ShopperFactory()
    for _ in range(9):
        services.record_paid_order(paid_order(sku, buyer))
    assert (profile(buyer).cumulative_spend, profile(buyer).member_rank) == (90_000, 0)
    services.record_paid_order(paid_order(sku, buyer))  # ¥1,000.00: 银卡
    assert profile(buyer).member_rank == 1
    assert selectors.shopper_for(buyer).member_rank == 1


def test_a_level_is_never_lowered_by_spend(sku, levels):
    buyer = ShopperFactory()
    services.set_level(buyer, 2, locked=False)
    services.record_paid_order(paid_order(sku, buyer))
    assert profile(buyer).member_rank == 2


def test_a_locked_level_does_not_move(sku, levels):
    buyer = ShopperFactory()
    services.set_level(buyer, 0, locked=True)
    services.record_paid_order(paid_order(sku, buyer, quantity=10))  # ¥1,000.00
    assert (profile(buyer).member_rank, profile(buyer).cumulative_spend) == (0, 100_000)
    services.set_level(buyer, 0, locked=False)  # unlocked: the next order counts again
    services.record_paid_order(paid_order(sku, buyer))
    assert profile(buyer).member_rank == 1


def test_paying_at_checkout_counts_the_order_through_the_signal(levels):
    buyer = ShopperFactory()
    address = Address.objects.create(user=buyer, consignee="张三", mobile="13912345678",
                                     region_code=SHANGHAI, detail="南京东路 1 号")  # fmt: skip
    sku = ProductFactory(skus=[([], 60_000, 5)]).skus.get()
    request = CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 2),))
    orders = place_orders(user=buyer, request=request, key="membership")
    pay(orders[0].payment_id)
    pay(orders[0].payment_id)  # the gateway's notification, delivered twice
    order = orders[0]
    order.refresh_from_db()
    assert profile(buyer).cumulative_spend == order.total >= 120_000
    assert (profile(buyer).paid_orders, profile(buyer).member_rank) == (1, 1)
    assert SpendRecord.objects.get(order_id=order.pk).at == order.paid_at


# --- the operator's settings --------------------------------------------------------------------
def test_group_tags_and_level_create_the_profile_on_first_need(groups, levels):
    user = ShopperFactory()
    services.set_group(user, groups["wholesaler"])
    services.set_tags(user, [" 企业 ", "vip", "企业", ""])
    services.set_level(user, 3)
    shopper = selectors.shopper_for(user)
    assert (shopper.group, shopper.tags, shopper.member_rank) == (
        "wholesaler",
        frozenset({"企业", "vip"}),
        3,
    )
    assert profile(user).level_locked is True
    services.set_group(user, None)
    assert selectors.shopper_for(user).group is None


def test_an_unknown_level_or_too_many_tags_are_refused(levels):
    user = ShopperFactory()
    with pytest.raises(ValidationError, match="会员等级不存在"):
        services.set_level(user, 9)
    with pytest.raises(ValidationError, match="标签最多 20 个"):
        services.set_tags(user, [f"t{n}" for n in range(21)])


# --- price lists --------------------------------------------------------------------------------
def ladder(sku, group) -> list[tuple[int, int]]:
    rows = GroupPrice.objects.filter(sku=sku, group=group).order_by("min_quantity")
    return list(rows.values_list("min_quantity", "unit_price"))


def test_a_ladder_is_replaced_as_a_whole(owner, sku, groups):
    services.set_group_ladder(owner, sku, groups["agent"], [(10, 9_000), (100, 8_000)])
    services.set_group_ladder(owner, sku, groups["agent"], [(5, 9_500), (50, 8_500)])
    assert ladder(sku, groups["agent"]) == [(5, 9_500), (50, 8_500)]
    services.set_group_ladder(owner, sku, groups["agent"], [])
    assert ladder(sku, groups["agent"]) == []


def test_a_rising_ladder_is_refused_and_the_old_one_kept(owner, sku, groups):
    services.set_group_ladder(owner, sku, groups["agent"], [(10, 9_000)])
    with pytest.raises(ValidationError) as error:
        services.set_group_ladder(owner, sku, groups["agent"], [(10, 8_000), (100, 8_500)])
    assert error.value.messages == ["代理商：100 件起的单价 ¥85.00 不能高于 10 件起的 ¥80.00"]
    assert ladder(sku, groups["agent"]) == [(10, 9_000)]


def test_minimums_are_set_and_removed(owner, sku, groups):
    services.set_minimum(owner, sku, groups["dealer"], 6)
    services.set_minimum(owner, sku, groups["dealer"], 12)
    assert MinimumOrderQuantity.objects.get(sku=sku, group=groups["dealer"]).quantity == 12
    services.set_minimum(owner, sku, groups["dealer"], None)
    assert not MinimumOrderQuantity.objects.exists()
    with pytest.raises(ValidationError, match="起订量至少为 1 件"):
        services.set_minimum(owner, sku, groups["dealer"], 0)


def test_member_prices_are_replaced_and_checked(owner, sku, levels):
    services.set_member_prices(owner, sku, [(1, 9_800), (2, 9_500)])
    services.set_member_prices(owner, sku, [(2, 9_000)])
    assert list(MemberPrice.objects.values_list("min_rank", "unit_price")) == [(2, 9_000)]
    with pytest.raises(ValidationError, match="不低于售价"):
        services.set_member_prices(owner, sku, [(1, 10_000)])
    assert list(MemberPrice.objects.values_list("min_rank", "unit_price")) == [(2, 9_000)]


def test_another_shops_sku_or_a_role_without_edit_prices_is_not_found(sku, groups, levels):
    stranger = ShopMemberFactory()  # the owner of another shop
    service_desk = ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.SERVICE)
    for member in (stranger, service_desk):
        with pytest.raises(Http404):
            services.set_group_ladder(member, sku, groups["agent"], [(10, 9_000)])
        with pytest.raises(Http404):
            services.set_minimum(member, sku, groups["agent"], 5)
        with pytest.raises(Http404):
            services.set_member_prices(member, sku, [(1, 9_000)])
    assert not GroupPrice.objects.exists() and not MemberPrice.objects.exists()


def test_saving_a_skus_lists_is_all_or_nothing_with_every_problem(owner, sku, groups, levels):
    good = services.SkuPriceLists(
        ladders={"agent": [(10, 9_000), (100, 8_000)], "wholesaler": [(20, 8_500)]},
        minimums={"wholesaler": 20}, member_prices=[(1, 9_800)],
    )  # fmt: skip
    services.save_sku_price_lists(owner, sku, good)
    bad = services.SkuPriceLists(
        ladders={"agent": [(10, 9_000)], "dealer": [(5, 12_000)]},
        minimums={}, member_prices=[(1, 9_000), (2, 9_900)],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.save_sku_price_lists(owner, sku, bad)
    assert error.value.messages == [
        "经销商：5 件起的单价 ¥120.00 不低于售价 ¥100.00，没有意义",
        "金卡会员价 ¥99.00 不能高于银卡会员价 ¥90.00",
    ]
    assert ladder(sku, groups["agent"]) == [(10, 9_000), (100, 8_000)]  # nothing of `bad` saved
    assert MinimumOrderQuantity.objects.get().quantity == 20
    assert list(MemberPrice.objects.values_list("min_rank", "unit_price")) == [(1, 9_800)]


def test_new_levels_or_lower_thresholds_promote_by_spend_never_demote(levels):
    rich, poor, locked, high = (ShopperFactory() for _ in range(4))
    CustomerProfile.objects.create(user=rich, cumulative_spend=600_000)
    CustomerProfile.objects.create(user=poor, cumulative_spend=10_000)
    CustomerProfile.objects.create(user=locked, cumulative_spend=600_000, level_locked=True)
    CustomerProfile.objects.create(user=high, cumulative_spend=0, member_rank=3)
    assert services.promote_by_spend() == 1
    ranks = {user: profile(user).member_rank for user in (rich, poor, locked, high)}
    assert ranks == {rich: 2, poor: 0, locked: 0, high: 3}
    assert services.promote_by_spend() == 0
