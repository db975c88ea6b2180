"""Opening, changing, suspending, reopening and closing shops; deposits and platform fees."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from mall.cart.errors import CartError, ItemsUnavailable
from mall.cart.selectors import CartItem, buyable_skus
from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.catalog.tests.import_helpers import image_bytes
from mall.customers.tests.factories import ShopperFactory
from mall.ledger.selectors import account_balance
from mall.ledger.services import Line, post
from mall.merchants import services
from mall.merchants.errors import MerchantError
from mall.merchants.models import Shop, ShopEvent, ShopMember, Tier
from mall.merchants.selectors import balances
from mall.merchants.tasks import charge_platform_fees
from mall.merchants.tests.factories import ShopFactory, ShopMemberFactory
from mall.notifications.backends import SmsMessage
from mall.notifications.models import OutboxMessage
from mall.orders import services as order_services
from mall.orders.checkout import CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order
from mall.orders.models import OrderStatus as S
from mall.orders.tests.checkout_setup import build_mall, fill_cart
from mall.orders.tests.factories import move, placed_order

pytestmark = pytest.mark.django_db
Kind = ShopEvent.Kind


@pytest.fixture
def operator(db):
    return ShopperFactory(is_staff=True)


def _ledger_is_sound() -> bool:
    call_command("check_ledger", stdout=StringIO())  # raises CommandError naming any problem
    return True


# --- open_shop --------------------------------------------------------------------------------
def test_opening_a_shop_registers_its_owner_records_it_and_texts_the_owner(operator):
    shop = services.open_shop(
        name="静安咖啡馆", tier="preferred", owner_mobile="+86 138-0013-8000",
        owner_name="王老板", intro="手冲咖啡", actor=operator, note="招商申请 #7 通过",
    )  # fmt: skip

    assert (shop.status, shop.tier_id, shop.intro) == (Shop.Status.OPEN, "preferred", "手冲咖啡")
    assert shop.slug == "jing-an-ka-fei-guan"
    owner = ShopMember.objects.get(shop=shop)
    assert (owner.role, owner.user.nickname) == ("owner", "王老板")
    assert owner.user.mobile == "13800138000"
    event = ShopEvent.objects.get(shop=shop)
    assert (event.kind, event.to_value, event.actor, event.reason) == (
        Kind.OPENED, "preferred", operator, "招商申请 #7 通过",
    )  # fmt: skip
    sms = OutboxMessage.objects.get(key=f"shop-opened:{shop.pk}")
    assert sms.recipient == "13800138000" and sms.template == "SHOP_OPENED"
    assert balances(shop).deposit_due == shop.tier.deposit  # due, not paid: nothing posted
    assert account_balance(f"deposit:{shop.pk}") == 0


def test_the_logo_is_stored_with_the_shop_and_a_corrupt_one_refused():
    logo = ContentFile(image_bytes(size=(64, 64)), name="logo.png")
    shop = services.open_shop(name="有标志的店", tier="standard", owner_mobile="13900003333",
                              logo=logo)  # fmt: skip
    assert shop.logo.name.startswith("shops/logos/")
    with pytest.raises(MerchantError, match="店铺标志："):
        services.open_shop(name="坏标志的店", tier="standard", owner_mobile="13900004444",
                           logo=ContentFile(b"not an image", name="logo.png"))  # fmt: skip
    assert not Shop.objects.filter(name="坏标志的店").exists()


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


# --- change_tier ------------------------------------------------------------------------------
def test_changing_the_tier_is_audited_and_applies_to_orders_placed_afterwards(operator):
    shop = ShopFactory()
    services.change_tier(shop, Tier.STRATEGIC, actor=operator, reason="年度战略合作协议")

    shop.refresh_from_db()
    assert shop.tier_id == Tier.STRATEGIC
    event = shop.events.get()
    assert (event.kind, event.from_value, event.to_value, event.reason, event.actor) == (
        Kind.TIER_CHANGED, Tier.STANDARD, Tier.STRATEGIC, "年度战略合作协议", operator,
    )  # fmt: skip
    sku = ProductFactory(shop=shop).skus.get()
    assert placed_order([(sku, 1)]).lines.get().commission_rate_bp == shop.tier.commission_rate_bp


@pytest.mark.parametrize(
    ("tier", "reason", "message"),
    [
        (Tier.PREFERRED, "  ", "请填写原因"),
        ("gold", "升级", "没有这个店铺等级：gold"),
        (Tier.STANDARD, "升级", "店铺已经是“普通”等级"),
        (Tier.PREFERRED, "很长" * 101, "原因最多 200 个字"),
    ],
)
def test_a_tier_change_without_a_reason_or_to_an_unknown_tier_is_refused(tier, reason, message):
    shop = ShopFactory()
    with pytest.raises(MerchantError, match=message):
        services.change_tier(shop, tier, actor=None, reason=reason)
    shop.refresh_from_db()
    assert shop.tier_id == Tier.STANDARD and not shop.events.exists()


# --- suspend and reopen -----------------------------------------------------------------------
def test_suspending_takes_every_product_off_shelf_and_carts_and_checkout_refuse_its_goods(operator):
    shop = ShopFactory()
    on_sale = [ProductFactory(shop=shop) for _ in range(2)]
    ProductFactory(shop=shop, status=Product.Status.DRAFT)
    elsewhere = ProductFactory()

    services.suspend(shop, actor=operator, reason="售假投诉核查中")

    shop.refresh_from_db()
    assert shop.status == Shop.Status.SUSPENDED
    statuses = Product.objects.filter(shop=shop).order_by("pk").values_list("status", flat=True)
    assert list(statuses) == [Product.Status.OFF_SHELF] * 2 + [Product.Status.DRAFT]
    assert elsewhere.status == Product.Status.ON_SALE
    assert shop.events.get().kind == Kind.SUSPENDED
    # even a product put back on sale behind the operator's back cannot be bought
    Product.objects.filter(pk=on_sale[0].pk).update(status=Product.Status.ON_SALE)
    sku = on_sale[0].skus.get()
    with pytest.raises(ItemsUnavailable, match="已下架或失效"):
        buyable_skus([CartItem(sku.pk, 1)])


def test_a_cart_refuses_and_checkout_fails_for_goods_of_a_shop_suspended_meanwhile(operator):
    mall = build_mall()
    fill_cart(mall.buyer, (mall.sku_a, 1), (mall.sku_b, 1))
    services.suspend(mall.sku_a.shop, actor=operator, reason="资质复核")

    with pytest.raises(CartError, match="店铺已关闭"):
        fill_cart(mall.buyer, (mall.sku_a, 1))
    request = CheckoutRequest(address_id=mall.address.pk)
    with pytest.raises(OrderError, match=f"以下商品已下架或失效.*{mall.sku_a.product.name}"):
        place_orders(user=mall.buyer, request=request, key="k-suspended")
    assert not Order.objects.exists()


def test_a_suspended_shop_reopens_with_its_products_still_off_shelf(operator):
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    services.suspend(shop, actor=operator, reason="整改")

    services.reopen(shop, actor=operator)

    shop.refresh_from_db()
    product.refresh_from_db()
    assert (shop.status, product.status) == (Shop.Status.OPEN, Product.Status.OFF_SHELF)
    assert [e.kind for e in shop.events.order_by("at", "pk")] == [Kind.SUSPENDED, Kind.REOPENED]


def test_the_owner_is_texted_about_every_decision_on_the_shop(operator):
    owner = ShopMemberFactory(user=ShopperFactory(mobile="13900005555"))
    shop = owner.shop
    services.change_tier(shop, Tier.PREFERRED, actor=operator, reason="季度考核优秀")
    services.suspend(shop, actor=operator, reason="资质复核")
    services.reopen(shop, actor=operator)
    services.close(shop, actor=operator, reason="合同到期")

    texts = [
        SmsMessage(m.key, m.recipient, m.template, m.params).text()
        for m in OutboxMessage.objects.filter(recipient="13900005555").order_by("pk")
    ]
    assert len(texts) == 4
    assert "已调整为“优选”等级" in texts[0]
    assert "已暂停营业" in texts[1] and "资质复核" in texts[1]
    assert "已恢复营业" in texts[2] and "已关闭" in texts[3]


def test_only_an_open_shop_is_suspended_and_only_a_suspended_one_reopened():
    shop = ShopFactory()
    with pytest.raises(MerchantError, match="只有已暂停的店铺可以恢复营业"):
        services.reopen(shop, actor=None)
    with pytest.raises(MerchantError, match="请填写原因"):
        services.suspend(shop, actor=None, reason="")
    closed = ShopFactory(status=Shop.Status.CLOSED)
    with pytest.raises(MerchantError, match="只有营业中的店铺可以暂停"):
        services.suspend(closed, actor=None, reason="违规")


# --- deposits, fees, balances and closing -----------------------------------------------------
def test_a_deposit_is_posted_once_per_payment_and_never_beyond_what_is_due(operator):
    shop = ShopFactory()  # standard tier: ¥10,000 deposit
    due = shop.tier.deposit

    assert services.record_deposit(shop, amount=due - 100, source="cash:bank", reference="B1")
    assert not services.record_deposit(shop, amount=due - 100, source="cash:bank", reference="B1")
    with pytest.raises(MerchantError, match=re.escape("不超过应缴的 ¥1.00")):
        services.record_deposit(shop, amount=200, source="cash:bank", reference="B2")
    with pytest.raises(MerchantError, match="支付渠道或银行账户"):
        services.record_deposit(shop, amount=100, source="revenue:commission", reference="B3")

    money = balances(shop)
    assert (money.deposit, money.deposit_due) == (due - 100, 100)
    assert account_balance("cash:bank") == due - 100
    assert shop.events.get().kind == Kind.DEPOSIT_PAID
    assert _ledger_is_sound()


def test_the_monthly_fee_is_charged_once_per_shop_and_month_at_the_tiers_rate(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False)
    standard, strategic = ShopFactory(), ShopFactory(tier_id=Tier.STRATEGIC)  # strategic: free
    preferred = ShopFactory(tier_id=Tier.PREFERRED)
    ShopFactory(status=Shop.Status.CLOSED)

    assert charge_platform_fees() == 2
    assert charge_platform_fees() == 0  # the same month again: nothing

    assert balances(standard).fees_paid == standard.tier.platform_fee_monthly == 60000
    assert balances(preferred).fees_paid == 30000  # the lower fee of the better tier
    assert balances(standard).payable == -60000  # the shop owes it until its next settlement
    assert balances(strategic).fees_paid == 0
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False)
    assert charge_platform_fees() == 2
    assert balances(standard).fees_paid == 120000
    assert account_balance("revenue:platform_fee") == -(2 * 60000 + 2 * 30000)
    assert _ledger_is_sound()


def test_a_shop_opened_after_a_month_pays_no_fee_for_it():
    shop = ShopFactory()
    assert not services.charge_platform_fee(shop.pk, dt.date(2020, 1, 1))


def _paid_order(sku):
    order = placed_order([(sku, 1)])
    post(
        f"pay:{order.pk}",
        [Line("gateway:sandbox", order.total), Line("escrow", -order.total, f"order:{order.pk}")],
    )
    return move(order, S.PAID)


def test_balances_show_escrow_payable_and_deposit_and_closing_waits_until_all_is_settled(
    operator, settings
):
    settings.AFTERSALES_WINDOW_DAYS = 0
    shop = ShopFactory()
    sku = ProductFactory(shop=shop, skus=[([], 10_000, 9)]).skus.get()
    services.record_deposit(shop, amount=shop.tier.deposit, source="gateway:alipay", reference="A1")
    order = _paid_order(sku)
    assert balances(shop).escrow == 10_000

    with pytest.raises(MerchantError, match="还有 1 笔订单未结算"):
        services.close(shop, actor=operator, reason="合同到期")

    move(order, S.SHIPPED, S.COMPLETED)
    assert order_services.settle_if_due(order.pk)
    money = balances(shop)
    assert (money.escrow, money.payable) == (0, 10_000 - 500)  # 5% commission
    with pytest.raises(MerchantError, match=re.escape("待结算余额为 ¥95.00")):
        services.close(shop, actor=operator, reason="合同到期")

    post(f"payout:{shop.pk}:1", [Line(f"payable:{shop.pk}", 9_500), Line("cash:bank", -9_500)])
    services.close(shop, actor=operator, reason="合同到期")

    shop.refresh_from_db()
    assert shop.status == Shop.Status.CLOSED
    assert (balances(shop).deposit, balances(shop).deposit_due) == (0, 0)
    assert Product.objects.get(pk=sku.product_id).status == Product.Status.OFF_SHELF
    kinds = list(shop.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [Kind.DEPOSIT_PAID, Kind.DEPOSIT_REFUNDED, Kind.CLOSED]
    assert _ledger_is_sound()
    with pytest.raises(MerchantError, match="店铺已经关闭"):
        services.close(shop, actor=operator, reason="再关一次")
