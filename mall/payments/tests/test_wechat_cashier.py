"""The WeChat Pay Native cashier for browsers: the code_url from a signed request to the fake
gateway, drawn as an inline QR code, and a status fragment polled until the payment is paid."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mall.customers.tests.factories import ShopperFactory
from mall.payments import services
from mall.payments.gateways.base import NotifyRequest
from mall.payments.views import wechat_qr_svg

pytestmark = pytest.mark.django_db
CODE_URL = "weixin://wxpay/bizpayurl?pr=abc123"
NATIVE = ("POST", "/v3/pay/transactions/native")


@pytest.fixture
def wechat_payment(wechat, make_payment):
    wechat.server.answers[NATIVE] = (200, {"code_url": CODE_URL})
    return make_payment("wechat", 5990, [("order:1", 3990), ("order:2", 2000)])


def _pay(wechat, payment) -> None:
    body, headers = wechat.notification(wechat.transaction(payment))
    assert services.handle_notification("wechat", NotifyRequest(body, headers)).status == 204


def test_pages_send_the_browser_to_our_qr_page_and_apps_get_the_code_url(wechat_payment):
    assert services.cashier_url(wechat_payment) == f"/pay/wechat/{wechat_payment.no}/"
    assert services.checkout_url(wechat_payment) == CODE_URL


def test_other_gateways_cashier_urls_are_their_own_pages(make_payment, alipay):
    sandbox = make_payment("sandbox")
    assert services.cashier_url(sandbox) == f"/pay/sandbox/{sandbox.no}/"
    ali = make_payment("alipay")
    assert services.cashier_url(ali).startswith("https://openapi.alipay.com/gateway.do?")


def test_the_cashier_shows_the_code_url_as_an_inline_qr_code(client, buyer, wechat, wechat_payment):
    client.force_login(buyer)

    page = client.get(reverse("payments:wechat_cashier", args=[wechat_payment.no]))

    html = page.content.decode()
    assert page.status_code == 200
    assert wechat_qr_svg(CODE_URL) in html
    assert wechat_qr_svg("weixin://wxpay/bizpayurl?pr=other") not in html
    assert "¥59.90" in html and "2 笔订单" in html and wechat_payment.subject in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # drawn here, no CDN
    assert 'hx-trigger="every 3s"' in html
    assert [call[:2] for call in wechat.server.calls] == [NATIVE]  # signed request, verified


def test_a_gateway_failure_is_a_clear_message_not_a_500(client, buyer, wechat, make_payment):
    payment = make_payment("wechat", 990)
    wechat.server.answers[NATIVE] = (500, {"code": "SYSTEM_ERROR", "message": "系统错误"})
    client.force_login(buyer)

    page = client.get(reverse("payments:wechat_cashier", args=[payment.no]))

    assert page.status_code == 502
    assert "暂时无法获取微信支付二维码" in page.content.decode()


def test_the_status_fragment_polls_while_pending_then_sends_htmx_to_the_result(
    client, buyer, wechat, wechat_payment
):
    client.force_login(buyer)
    status_url = reverse("payments:wechat_status", args=[wechat_payment.no])

    waiting = client.get(status_url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 3s"' in waiting.content.decode()
    assert "HX-Redirect" not in waiting

    _pay(wechat, wechat_payment)
    paid = client.get(status_url, HTTP_HX_REQUEST="true")

    assert paid["HX-Redirect"] == reverse("payments:return", args=[wechat_payment.no])
    assert "hx-trigger" not in paid.content.decode()


def test_a_paid_payment_cashier_goes_to_the_result_page(client, buyer, wechat, wechat_payment):
    _pay(wechat, wechat_payment)
    client.force_login(buyer)

    page = client.get(reverse("payments:wechat_cashier", args=[wechat_payment.no]))

    assert page.status_code == 302
    assert page["Location"] == reverse("payments:return", args=[wechat_payment.no])
    wechat_payment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.cashier_url(wechat_payment)


@pytest.mark.parametrize("name", ["payments:wechat_cashier", "payments:wechat_status"])
def test_only_the_owner_sees_the_wechat_pages(client, wechat, wechat_payment, name):
    client.force_login(ShopperFactory())
    assert client.get(reverse(name, args=[wechat_payment.no])).status_code == 404
    assert not wechat.server.calls


@pytest.mark.parametrize("name", ["payments:wechat_cashier", "payments:wechat_status"])
def test_a_sandbox_payment_has_no_wechat_page(client, buyer, make_payment, name):
    client.force_login(buyer)
    assert client.get(reverse(name, args=[make_payment("sandbox").no])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, wechat_payment):
    page = client.get(reverse("payments:wechat_cashier", args=[wechat_payment.no]))
    assert page.status_code == 302 and "login" in page["Location"]
