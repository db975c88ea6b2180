"""Opening, changing, suspending, reopening and closing shops; deposits and platform fees."""

import datetime as dt

import pytest

from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.ledger.selectors import (
    account_balance,
    accounts_out_of_step,
    trial_balance,
    unbalanced_entries,
)
from mall.ledger.services import Line, post
from mall.merchants import services
from mall.merchants.errors import MerchantError
from mall.merchants.models import Shop, ShopEvent, ShopMember, Tier
from mall.merchants.selectors import balances
from mall.merchants.tests.factories import ShopFactory, ShopMemberFactory
from mall.notifications.models import OutboxMessage
from mall.orders.models import OrderStatus as S
from mall.orders.tests.factories import move, placed_order

pytestmark = pytest.mark.django_db
Kind = ShopEvent.Kind


@pytest.fixture
def operator(db):
    return ShopperFactory(is_staff=True)


def _ledger_is_sound() -> bool:
    return trial_balance() == 0 and not unbalanced_entries() and not accounts_out_of_step()


# --- open_shop --------------------------------------------------------------------------------
def test_opening_a_shop_registers_its_owner_records_it_and_texts_the_owner(operator):
    shop = services.open_shop(
        name="静安咖啡馆", tier="preferred", owner_mobile="+86 138-0013-8000",
        owner_name="王老板", intro="手冲咖啡", actor=operator, note="招商申请 #7 通过",
    )  # fmt: skip

    assert (shop.status, shop.tier_id, shop.intro) == (Shop.Status.OPEN, "preferred", "手冲咖啡")
    assert shop.slug == "jing-an-ka-fei-guan"
    owner = ShopMember.objects.get(shop=shop)
    assert (owner.role, owner.user.mobile, owner.user.nickname) == ("owner", "13800138000", "王老板")
    event = ShopEvent.objects.get(shop=shop)
    assert (event.kind, event.to_value, event.actor, event.reason) == (
        Kind.OPENED, "preferred", operator, "招商申请 #7 通过",
    )  # fmt: skip
    sms = OutboxMessage.objects.get(key=f"shop-opened:{shop.pk}")
    assert sms.recipient == "13800138000" and sms.template == "SHOP_OPENED"
    assert balances(shop).deposit_due == shop.tier.deposit  # due, not paid: nothing posted
    assert account_balance(f"deposit:{shop.pk}") == 0


def test_an_existing_shopper_becomes_the_owner_of_the_new_shop():
    shopper = ShopperFactory(mobile="13900001111")
    shop = services.open_shop(name="新店", tier=Tier.STANDARD, owner_mobile="13900001111")
    assert shop.members.get().user == shopper


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "已有店铺"}, "店铺名称“已有店铺”已被使用"),
        ({"name": "  "}, "请填写店铺名称"),
        ({"tier": "gold"}, "没有这个店铺等级：gold"),
        ({"owner_mobile": "12345"}, "请输入正确的手机号码"),
        ({"owner_mobile": "13900002222"}, "已是“已有店铺”的成员"),
    ],
)
def test_opening_a_shop_is_refused_with_a_clear_message_and_nothing_written(changes, message):
    taken = ShopFactory(name="已有店铺")
    ShopMemberFactory(shop=taken, user=ShopperFactory(mobile="13900002222"))
    shops, events = Shop.objects.count(), ShopEvent.objects.count()
    arguments = {"name": "新店", "tier": "standard", "owner_mobile": "13800138000"} | changes

    with pytest.raises(MerchantError, match=message):
        services.open_shop(**arguments)

    assert (Shop.objects.count(), ShopEvent.objects.count()) == (shops, events)
    assert not OutboxMessage.objects.exists()
