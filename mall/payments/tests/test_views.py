import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mall.customers.tests.factories import ShopperFactory
from mall.payments import services
from mall.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger_client(client):
    client.force_login(ShopperFactory())
    return client


@pytest.mark.parametrize("name", ["payments:sandbox_cashier", "payments:return"])
def test_another_users_payment_pages_are_not_found(stranger_client, make_payment, name):
    payment = make_payment()

    assert stranger_client.get(reverse(name, args=[payment.no])).status_code == 404
    assert (
        stranger_client.post(
            reverse("payments:sandbox_cashier", args=[payment.no]), {"decision": "success"}
        ).status_code
        == 404
    )


def test_another_users_payment_in_the_api_is_not_found(stranger_client, make_payment):
    payment = make_payment()

    response = stranger_client.get(f"/api/payments/{payment.no}")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_owner_reads_the_status_in_the_api(client, buyer, make_payment):
    payment = make_payment(amount=5990)
    client.force_login(buyer)

    data = client.get(f"/api/payments/{payment.no}").json()

    assert data["status"] == "pending" and data["amount"] == 5990
    assert data["amount_display"] == "¥59.90" and data["status_display"] == "待支付"


def test_anonymous_visitors_get_no_payment(client, make_payment):
    payment = make_payment()

    response = client.get(f"/api/payments/{payment.no}")
    assert response.status_code == 401 and response.json()["detail"] == "请先登录"
    assert client.get(reverse("payments:return", args=[payment.no])).status_code == 302


def test_the_return_page_never_marks_anything_paid(client, buyer, make_payment):
    payment = make_payment()
    client.force_login(buyer)
    forged_return = {"out_trade_no": payment.no, "trade_status": "TRADE_SUCCESS", "sign": "x"}

    page = client.get(reverse("payments:return", args=[payment.no]), forged_return)

    payment.refresh_from_db()
    assert page.status_code == 200
    assert payment.status == Payment.Status.PENDING


def test_the_notify_endpoint_needs_no_csrf_token_and_replies_like_the_gateway(make_payment):
    payment = make_payment()
    trade = services.sandbox_decide(payment, success=True)
    from mall.notifications.models import OutboxMessage

    body = OutboxMessage.objects.get(template=services.SANDBOX_NOTIFY).params["body"]
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("payments:notify", args=["sandbox"]), body,
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip

    payment.refresh_from_db()
    assert response.status_code == 200 and response.content == b"success"
    assert payment.status == Payment.Status.PAID and payment.gateway_trade_no == trade.trade_no


def test_a_garbage_notification_is_answered_fail(client, make_payment):
    response = client.post(
        reverse("payments:notify", args=["sandbox"]), "a=1&sign=%%%",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip

    assert response.content == b"fail"


def test_an_unconfigured_gateways_endpoint_is_not_found(client):
    assert client.post(reverse("payments:notify", args=["alipay"]), {}).status_code == 404
    assert client.post(reverse("payments:notify", args=["bitcoin"]), {}).status_code == 404
    assert client.get(reverse("payments:notify", args=["sandbox"])).status_code == 405


def test_a_bad_decision_is_a_400(client, buyer, make_payment):
    payment = make_payment()
    client.force_login(buyer)

    response = client.post(
        reverse("payments:sandbox_cashier", args=[payment.no]), {"decision": "maybe"}
    )

    assert response.status_code == 400
    assert "支付成功" in response.content.decode()


def test_alipay_posts_its_form_to_the_notify_url(alipay, make_payment):
    payment = make_payment("alipay")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("payments:notify", args=["alipay"]), alipay.notification(payment),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )  # fmt: skip

    payment.refresh_from_db()
    assert response.content == b"success" and payment.status == Payment.Status.PAID


def test_wechat_pay_posts_signed_json_with_its_headers(wechat, make_payment):
    payment = make_payment("wechat")
    body, headers = wechat.notification(wechat.transaction(payment))
    client = Client(enforce_csrf_checks=True)
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    altered = body.replace(b"encrypt-resource", b"encrypt-resourcE")
    assert altered != body

    forged = client.post(
        reverse("payments:notify", args=["wechat"]), altered,
        content_type="application/json", **meta,
    )  # fmt: skip
    response = client.post(
        reverse("payments:notify", args=["wechat"]), body, content_type="application/json", **meta
    )

    payment.refresh_from_db()
    assert forged.status_code == 400
    assert response.status_code == 204 and payment.status == Payment.Status.PAID


def test_the_cashier_speaks_english_when_asked(client, buyer, make_payment):
    payment = make_payment()
    client.force_login(buyer)
    client.cookies["django_language"] = "en"

    with translation.override("zh-hans"):  # the request activates English in this thread
        page = client.get(reverse("payments:sandbox_cashier", args=[payment.no])).content.decode()

    assert "Sandbox cashier" in page and "Simulate a successful payment" in page
