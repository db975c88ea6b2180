"""The demo's membership: levels, groups, channel accounts, price lists on the demo shops'
products, spend counted from paid orders; run twice, nothing doubles."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from mall.catalog.demo import shops as demo_shops
from mall.catalog.tests.factories import ProductFactory
from mall.customers.models import User
from mall.customers.tests.factories import ShopperFactory
from mall.membership import demo, selectors
from mall.membership.models import (
    CustomerGroup,
    CustomerProfile,
    GroupPrice,
    MemberLevel,
    MemberPrice,
    MinimumOrderQuantity,
    SpendRecord,
)
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopFactory, ShopMemberFactory
from mall.orders.tests.factories import placed_order
from mall.pricing import rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mall():
    """Two of the demo's shops with owners and products, and the demo shopper with a paid
    order of ¥6,000 paid a week ago (as if seeded before membership existed)."""
    skus = {}
    for slug in ("three-squirrels", "haishanghua-beauty"):
        shop = ShopFactory(slug=slug)
        ShopMemberFactory(shop=shop, role=ShopMember.Role.OWNER)
        for _ in range(5):
            ProductFactory(shop=shop, skus=[(["小"], 5_990, 50), (["大"], 9_990, 50)],
                           skus__spec_names=["规格"])  # fmt: skip
        skus[slug] = shop.skus.order_by("pk")
    shopper = ShopperFactory(mobile=demo_shops.SHOPPER_MOBILE)
    order = placed_order([(skus["three-squirrels"][0], 1)], buyer=shopper)
    order.goods = order.total = 600_000
    order.paid_at = timezone.now() - timedelta(days=7)
    order.save()
    return shopper, order, skus


def test_seed_twice(demo_mall):
    shopper, order, skus = demo_mall
    out = io.StringIO()
    demo.seed(out)
    demo.seed()
    assert list(MemberLevel.objects.values_list("name", flat=True)) == [
        "普通会员", "银卡会员", "金卡会员", "钻石会员"
    ]  # fmt: skip
    assert set(CustomerGroup.objects.values_list("code", flat=True)) == {
        "agent", "wholesaler", "dealer", "retail"
    }  # fmt: skip
    # the shopper's paid order counted once, dated at its payment, and their level follows
    record = SpendRecord.objects.get()
    assert (record.order_id, record.amount, record.at) == (order.pk, 600_000, order.paid_at)
    assert selectors.shopper_for(shopper).member_rank == 2
    # the channel accounts sign in with the documented password and are in their groups
    agent = User.objects.get(mobile="13800138001")
    assert agent.check_password(demo_shops.SHOPPER_PASSWORD)
    assert selectors.shopper_for(agent).group == "agent"
    assert selectors.shopper_for(User.objects.get(mobile="13800138002")).group == "wholesaler"
    # ladders and minimums on the four newest products (eight SKUs) of the snack shop
    snack = list(skus["three-squirrels"][2:])
    assert GroupPrice.objects.filter(sku__in=snack).count() == 8 * 7
    assert MinimumOrderQuantity.objects.filter(sku__in=snack).count() == 8 * 2
    assert not GroupPrice.objects.filter(sku__in=skus["three-squirrels"][:2]).exists()
    ladder = selectors.price_lists_for(rules.Shopper(group="agent"), [snack[0].pk])
    assert [(e.min_quantity, e.unit_price) for e in ladder] == [(1, 5_510), (10, 5_270),
                                                                (100, 4_790)]  # fmt: skip
    # member prices on seven SKUs of the beauty shop: its three newest products' and the first
    # SKU of the one before
    beauty = [skus["haishanghua-beauty"][2], *skus["haishanghua-beauty"][4:]]
    assert set(selectors.member_price_sku_ids(s.pk for s in skus["haishanghua-beauty"])) == {
        s.pk for s in beauty
    }
    assert MemberPrice.objects.count() == 7 * 3
    assert "渠道演示账号 13800138001 代理商" in out.getvalue()


def test_seed_keeps_an_operators_locked_level(demo_mall):
    shopper, _order, _skus = demo_mall
    demo.seed()
    CustomerProfile.objects.filter(user=shopper).update(member_rank=3, level_locked=True)
    demo.seed()
    assert selectors.shopper_for(shopper).member_rank == 3
