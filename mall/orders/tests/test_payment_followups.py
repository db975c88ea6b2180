"""What follows a payment: WeChat Pay's QR page for browsers (the code_url for apps), sales
counted once when orders are paid, a refund the gateway refuses shown on the timeline and
retried, and the buyer's SMS when the shop ships."""

import pytest
from django.urls import reverse

from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.customers.models import User
from mall.merchants.tests.factories import ShopMemberFactory
from mall.notifications.models import OutboxMessage
from mall.notifications.services import deliver_due
from mall.orders import services
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall, pay
from mall.payments import selectors
from mall.payments import services as payments
from mall.payments.gateways.base import NotifyRequest
from mall.payments.models import Refund
from mall.payments.tests.conftest import _payment_settings, wechat  # noqa: F401 (fixtures)

S = OrderStatus
pytestmark = pytest.mark.django_db
CODE_URL = "weixin://wxpay/bizpayurl?pr=order42"
NATIVE = ("POST", "/v3/pay/transactions/native")
REFUNDS = ("POST", "/v3/refund/domestic/refunds")
TRACKING = "SF1234567890123"


@pytest.fixture
def mall():
    return build_mall()


def _place(mall, *items, gateway="sandbox", key="key-00000001") -> list[Order]:
    request = CheckoutRequest(
        mall.address.pk, tuple(CheckoutItem(sku.pk, qty) for sku, qty in items), gateway=gateway
    )
    return place_orders(user=mall.buyer, request=request, key=key)


def _wechat_pays(wechat, order: Order) -> None:  # noqa: F811
    payment = selectors.payment_by_id(order.payment_id)
    body, headers = wechat.notification(wechat.transaction(payment))
    assert payments.handle_notification("wechat", NotifyRequest(body, headers)).status == 204


# --- WeChat Pay Native: a page for browsers, the code_url for apps --------------------------
def test_checkout_with_wechat_goes_to_the_qr_page_not_to_weixin(client, mall, wechat):  # noqa: F811
    wechat.server.answers[NATIVE] = (200, {"code_url": CODE_URL})
    client.force_login(mall.buyer)
    form = {"address": mall.address.pk, "gateway": "wechat", "token": "tok-12345678", "note": ""}
    form |= {"sku": mall.sku_a.pk, "quantity": 1}

    placed = client.post(reverse("orders:checkout") + f"?sku={mall.sku_a.pk}&quantity=1", form)

    order = Order.objects.get()
    payment = selectors.payment_by_id(order.payment_id)
    assert placed.status_code == 302
    assert placed["Location"] == reverse("payments:wechat_cashier", args=[payment.no])
    cashier = client.get(placed["Location"]).content.decode()
    assert "<svg" in cashier and "¥33.00" in cashier  # 25 + 8 freight
    again = client.get(reverse("orders:pay", args=[order.no]))
    assert again["Location"] == placed["Location"]


def test_the_api_gives_apps_wechats_code_url(client, mall, wechat):  # noqa: F811
    wechat.server.answers[NATIVE] = (200, {"code_url": CODE_URL})
    client.force_login(mall.buyer)
    body = {"address_id": mall.address.pk, "items": [{"sku_id": mall.sku_a.pk, "quantity": 1}],
            "gateway": "wechat"}  # fmt: skip

    placed = client.post(
        "/api/checkout", body, content_type="application/json",
        headers={"Idempotency-Key": "api-key-0001"},
    )  # fmt: skip

    assert placed.status_code == 201 and placed.json()["pay_url"] == CODE_URL
    no = placed.json()["orders"][0]["no"]
    assert client.post(f"/api/orders/{no}/pay").json()["pay_url"] == CODE_URL


def test_the_qr_page_sends_the_buyer_on_once_the_order_is_paid(client, mall, wechat):  # noqa: F811
    wechat.server.answers[NATIVE] = (200, {"code_url": CODE_URL})
    (order,) = _place(mall, (mall.sku_a, 1), gateway="wechat")
    payment = selectors.payment_by_id(order.payment_id)
    client.force_login(mall.buyer)
    status_url = reverse("payments:wechat_status", args=[payment.no])
    assert "HX-Redirect" not in client.get(status_url)

    _wechat_pays(wechat, order)

    assert client.get(status_url)["HX-Redirect"] == reverse("payments:return", args=[payment.no])
    order.refresh_from_db()
    assert order.status == S.PAID


# --- sales ----------------------------------------------------------------------------------
def _sales(*skus) -> list[int]:
    return [Product.objects.get(pk=sku.product_id).sales_count for sku in skus]


def test_paid_orders_add_their_quantities_to_sales_once(mall):
    other = ProductFactory(shop=mall.sku_a.shop, skus=[([], 1200, 5)]).skus.get()
    orders = _place(mall, (mall.sku_a, 2), (other, 1), (mall.sku_b, 3))

    assert _sales(mall.sku_a, other, mall.sku_b) == [0, 0, 0]
    pay(orders[0].payment_id)
    pay(orders[0].payment_id)  # a replayed notification

    assert _sales(mall.sku_a, other, mall.sku_b) == [2, 1, 3]


def test_money_for_a_cancelled_order_sells_nothing(mall):
    (order,) = _place(mall, (mall.sku_a, 2))
    services.cancel_by_buyer(mall.buyer, order.no)

    pay(order.payment_id)

    assert _sales(mall.sku_a) == [0]


# --- a refund the gateway refuses -----------------------------------------------------------
def test_a_refused_refund_is_on_the_timeline_and_a_retry_completes_it(client, mall, wechat):  # noqa: F811
    (order,) = _place(mall, (mall.sku_a, 1), gateway="wechat")
    _wechat_pays(wechat, order)
    wechat.server.answers[REFUNDS] = (403, {"code": "NOT_ENOUGH", "message": "基本账户余额不足"})
    services.cancel_by_buyer(mall.buyer, order.no)
    deliver_due()

    order.refresh_from_db()
    assert order.status == S.REFUNDING and order.refunded == 0
    failure = order.events.last()
    assert failure.reason == "退款失败（¥33.00），待平台重新发起退款"
    assert "余额" not in failure.reason  # the gateway's words are for operators (admin)
    seller = ShopMemberFactory(shop=mall.sku_a.shop)
    client.force_login(seller.user)
    seller_page = client.get(reverse("orders:seller_detail", args=[order.no])).content.decode()
    assert "退款失败" in seller_page

    wechat.server.answers[REFUNDS] = (
        200, {"refund_id": "5000000038201905270973", "status": "SUCCESS"},
    )  # fmt: skip
    assert services.retry_failed_refunds(order.pk) == 1
    assert services.retry_failed_refunds(order.pk) == 0  # asked again once
    deliver_due()

    order.refresh_from_db()
    assert (order.status, order.refunded) == (S.REFUNDED, order.total)
    assert Refund.objects.filter(status=Refund.Status.SUCCEEDED).count() == 1
    assert order.events.filter(reason__startswith="重新发起退款").count() == 1


def test_an_operator_retries_failed_refunds_from_the_admin(client, mall, wechat):  # noqa: F811
    (order,) = _place(mall, (mall.sku_a, 1), gateway="wechat")
    _wechat_pays(wechat, order)
    wechat.server.answers[REFUNDS] = (403, {"code": "NOT_ENOUGH", "message": "余额不足"})
    services.cancel_by_buyer(mall.buyer, order.no)
    deliver_due()
    operator = User.objects.create_superuser(username="ops", password="x", mobile="13700000000")
    client.force_login(operator)

    client.post(
        reverse("admin:orders_order_changelist"),
        {"action": "retry_failed_refunds", "_selected_action": [order.pk]},
    )

    retry = Refund.objects.get(status=Refund.Status.PENDING)
    assert retry.key.startswith(f"order-cancel:{order.pk}:retry:")
    assert order.events.filter(reason__startswith="重新发起退款", actor=operator).exists()


# --- the buyer's SMS when the shop ships -----------------------------------------------------
def test_shipping_queues_the_buyers_sms_with_carrier_and_tracking_number(mall):
    (order,) = _place(mall, (mall.sku_a, 2))
    pay(order.payment_id)
    first = order.lines.get()
    member = ShopMemberFactory(shop=mall.sku_a.shop)

    services.ship(member, order.no, carrier="SF", tracking_no=TRACKING, quantities={first.pk: 1})
    services.ship(member, order.no, carrier="ZTO", tracking_no="781234567890")

    messages = list(OutboxMessage.objects.filter(template="ORDER_SHIPPED").order_by("pk"))
    assert [(m.recipient, m.params) for m in messages] == [
        (mall.buyer.mobile, {"order_no": order.no, "carrier": "顺丰速运", "tracking_no": TRACKING}),
        (mall.buyer.mobile,
         {"order_no": order.no, "carrier": "中通快递", "tracking_no": "781234567890"}),
    ]  # fmt: skip
    assert deliver_due().sent == 2


def test_a_refused_shipment_queues_no_sms(mall):
    (order,) = _place(mall, (mall.sku_a, 1))
    pay(order.payment_id)
    member = ShopMemberFactory(shop=mall.sku_a.shop)

    with pytest.raises(OrderError):
        services.ship(member, order.no, carrier="SF", tracking_no="123")

    assert not OutboxMessage.objects.filter(template="ORDER_SHIPPED").exists()
