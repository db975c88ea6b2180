"""The seller's packing list (发货单) and cancelling an order the shop cannot fulfil."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from mall.catalog.tests.factories import ProductFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.notifications.models import OutboxMessage
from mall.orders import services
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall, pay
from mall.payments import services as payments
from mall.payments.gateways.base import RefundEvent, RefundState
from mall.payments.models import Refund

S = OrderStatus
Role = ShopMember.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def mall():
    return build_mall()


def _place(mall, *items, key="extras-key-0001", note="") -> Order:
    request = CheckoutRequest(mall.address.pk, items, note=note)
    (order,) = place_orders(user=mall.buyer, request=request, key=key)
    return order


@pytest.fixture
def order(mall) -> Order:
    return _place(mall, CheckoutItem(mall.sku_a.pk, 2), note="请用礼盒包装")


def _member(mall, role=Role.SERVICE) -> ShopMember:
    return ShopMemberFactory(shop=mall.sku_a.shop, role=role)


def _gateway_confirms_refunds() -> None:
    for refund in Refund.objects.filter(status=Refund.Status.PENDING).select_related("payment"):
        event = RefundEvent(refund.no, refund.amount, RefundState.SUCCEEDED, f"G{refund.pk}")
        payments.apply_refund_event(refund.payment.gateway, event)


def _stock(sku) -> int:
    sku.refresh_from_db()
    return sku.stock


# --- packing list -----------------------------------------------------------------------------


def test_the_packing_list_has_what_the_parcel_needs_and_prints(client, mall, order):
    pay(order.payment_id)
    client.force_login(_member(mall, Role.SHIPPING).user)
    detail = client.get(reverse("orders:seller_detail", args=[order.no])).content.decode()
    url = reverse("orders:seller_packing_list", args=[order.no])
    assert url in detail
    page = client.get(url).content.decode()
    line = order.lines.get()
    for text in (mall.sku_a.shop.name, order.no, "张三", "13912345678", "南京东路 1 号",
                 line.product_name, "请用礼盒包装", "packing_list.css"):  # fmt: skip
        assert text in page
    assert "<td><strong>2</strong></td>" in page  # still to pack


def test_the_packing_list_stylesheet_hides_the_site_when_printing():
    css = Path(finders.find("orders/packing_list.css")).read_text(encoding="utf-8")
    assert "@media print" in css and ".site-header" in css


def test_another_shops_order_has_no_packing_list(client, mall, order):
    client.force_login(ShopMemberFactory(shop=mall.sku_b.shop).user)
    assert client.get(reverse("orders:seller_packing_list", args=[order.no])).status_code == 404
    client.force_login(mall.buyer)
    assert client.get(reverse("orders:seller_packing_list", args=[order.no])).status_code == 404
    client.force_login(_member(mall).user)
    assert client.get(reverse("orders:seller_packing_list", args=["NOPE"])).status_code == 404


# --- cancel by the shop -----------------------------------------------------------------------


def test_a_paid_order_the_shop_cannot_fulfil_is_refunded_in_full(client, mall, order):
    pay(order.payment_id)
    assert _stock(mall.sku_a) == 8
    member = _member(mall)
    client.force_login(member.user)
    url = reverse("orders:seller_cancel", args=[order.no])
    response = client.post(url, {"reason": "  商品缺货 "}, follow=True)
    assert "订单已取消，已通知买家" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.REFUNDING
    assert _stock(mall.sku_a) == 10
    (refund,) = Refund.objects.all()
    assert refund.amount == order.total == 6000
    event = order.events.last()
    assert event.reason == "商家取消订单：商品缺货" and event.actor == member.user
    sms = OutboxMessage.objects.get(template=services.ORDER_CANCELLED_BY_SHOP_TEMPLATE)
    assert sms.params == {"order_no": order.no, "reason": "商品缺货"}
    assert sms.recipient == mall.buyer.mobile
    _gateway_confirms_refunds()
    order.refresh_from_db()
    assert (order.status, order.refunded) == (S.REFUNDED, order.total)


def test_cancelling_after_a_line_refund_returns_only_the_rest(mall):
    sku_c = ProductFactory(shop=mall.sku_a.shop, skus=[([], 1000, 5)]).skus.get()
    order = _place(mall, CheckoutItem(mall.sku_a.pk, 1), CheckoutItem(sku_c.pk, 1))
    pay(order.payment_id)
    member = _member(mall)
    line_c = order.lines.get(sku=sku_c)
    services.refund_line(member, order.no, line_c.pk)
    services.cancel_by_shop(member, order.no, "商品缺货")
    amounts = sorted(Refund.objects.values_list("amount", flat=True))
    assert amounts == [1000, order.total - 1000]  # freight included in the rest
    assert (_stock(mall.sku_a), _stock(sku_c)) == (10, 5)
    _gateway_confirms_refunds()
    order.refresh_from_db()
    assert (order.status, order.refunded) == (S.REFUNDED, order.total)


def test_an_unpaid_order_is_just_cancelled(mall, order):
    services.cancel_by_shop(_member(mall), order.no, "无法配送到收货地址")
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert _stock(mall.sku_a) == 10
    assert not Refund.objects.exists()
    assert OutboxMessage.objects.filter(template=services.ORDER_CANCELLED_BY_SHOP_TEMPLATE).exists()


def test_nothing_is_cancelled_once_something_has_shipped(mall, order):
    order = _place(mall, CheckoutItem(mall.sku_a.pk, 2), key="extras-key-0002")
    pay(order.payment_id)
    shipper = _member(mall, Role.SHIPPING)
    line = order.lines.get()
    services.ship(shipper, order.no, carrier="SF", tracking_no="SF1234567890123",
                  quantities={line.pk: 1})  # fmt: skip
    with pytest.raises(OrderError, match="已部分发货"):
        services.cancel_by_shop(_member(mall), order.no, "商品缺货")
    order.refresh_from_db()
    assert order.status == S.PAID and not Refund.objects.exists()


def test_a_reason_is_required(client, mall, order):
    pay(order.payment_id)
    client.force_login(_member(mall).user)
    url = reverse("orders:seller_cancel", args=[order.no])
    response = client.post(url, {"reason": "   "}, follow=True)
    assert "请填写取消原因" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.PAID and not Refund.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.SHIPPING])
def test_roles_that_may_not_cancel_get_404_and_no_form(client, mall, order, role):
    pay(order.payment_id)
    client.force_login(_member(mall, role).user)
    detail = client.get(reverse("orders:seller_detail", args=[order.no])).content.decode()
    url = reverse("orders:seller_cancel", args=[order.no])
    assert url not in detail
    assert client.post(url, {"reason": "商品缺货"}).status_code == 404
    order.refresh_from_db()
    assert order.status == S.PAID


def test_another_shop_cannot_cancel_the_order(client, mall, order):
    pay(order.payment_id)
    client.force_login(ShopMemberFactory(shop=mall.sku_b.shop, role=Role.OWNER).user)
    url = reverse("orders:seller_cancel", args=[order.no])
    assert client.post(url, {"reason": "商品缺货"}).status_code == 404
    order.refresh_from_db()
    assert order.status == S.PAID


def test_the_detail_page_offers_cancelling_to_those_who_may(client, mall, order):
    pay(order.payment_id)
    client.force_login(_member(mall, Role.MANAGER).user)
    page = client.get(reverse("orders:seller_detail", args=[order.no])).content.decode()
    assert reverse("orders:seller_cancel", args=[order.no]) in page and "全额原路退回" in page


def test_the_packing_list_speaks_english_when_asked(client, mall, order):
    client.force_login(_member(mall).user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("orders:seller_packing_list", args=[order.no])).content.decode()
    assert "Packing list" in page and "Picked by" in page
    assert "拣货" not in page
