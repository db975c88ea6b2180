import json
import time

import pytest

from mall.ledger import selectors as ledger
from mall.payments import services
from mall.payments.gateways.base import NotifyRequest
from mall.payments.models import Payment, Refund
from mall.payments.tests import fakes, keys
from mall.payments.tests.conftest import APPID, MCHID, a_minute_later

pytestmark = pytest.mark.django_db


def _notify(body: bytes, headers: dict[str, str]):
    return services.handle_notification("wechat", NotifyRequest(body, headers))


def test_native_checkout_returns_the_code_url_from_a_signed_request(wechat, make_payment):
    payment = make_payment("wechat", 990)
    wechat.server.answers[("POST", "/v3/pay/transactions/native")] = (
        200, {"code_url": "weixin://wxpay/bizpayurl?pr=abc123"},
    )  # fmt: skip

    assert services.checkout_url(payment) == "weixin://wxpay/bizpayurl?pr=abc123"
    assert services.checkout_url(payment) == "weixin://wxpay/bizpayurl?pr=abc123"

    (method, path, body), *more = wechat.server.calls  # asked once, then kept
    assert not more
    assert (method, path) == ("POST", "/v3/pay/transactions/native")
    assert body["amount"] == {"total": 990, "currency": "CNY"}
    assert (body["mchid"], body["appid"], body["out_trade_no"]) == (MCHID, APPID, payment.no)
    assert body["notify_url"] == "https://mall.example.cn/pay/notify/wechat/"
    assert body["time_expire"].endswith("+08:00")


def test_jsapi_parameters_are_signed_for_the_wechat_browser(wechat, make_payment):
    from mall.payments import crypto
    from mall.payments.gateways import get_gateway

    payment = make_payment("wechat", 990)
    wechat.server.answers[("POST", "/v3/pay/transactions/jsapi")] = (200, {"prepay_id": "wx26"})

    params = get_gateway("wechat").jsapi(payment, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")

    message = f"{APPID}\n{params['timeStamp']}\n{params['nonceStr']}\nprepay_id=wx26\n"
    assert crypto.verify(keys.key("merchant").public_key(), message, params["paySign"])
    assert wechat.server.calls[0][2]["payer"] == {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}


def test_a_genuine_notification_pays_once_and_answers_204(wechat, make_payment):
    payment = make_payment("wechat", 2500, [("order:5", 1500), ("order:6", 1000)])
    body, headers = wechat.notification(wechat.transaction(payment))

    statuses = {_notify(body, headers).status for _ in range(100)}

    payment.refresh_from_db()
    assert statuses == {204}
    assert payment.status == Payment.Status.PAID
    assert ledger.escrow_balance("order:5") == 1500 and ledger.escrow_balance("order:6") == 1000
    assert ledger.account_balance("gateway:wechat") == 2500


def _forgeries(wechat, payment) -> dict[str, tuple[bytes, dict[str, str]]]:
    genuine = wechat.transaction(payment)
    body, headers = wechat.notification(genuine)
    stale = int(time.time()) - 301
    other = fakes.WechatServer(keys.key("intruder"), wechat.server.serial, None)
    resource = json.loads(body)
    resource["resource"]["ciphertext"] = "A" + resource["resource"]["ciphertext"][1:]
    tampered = json.dumps(resource).encode()
    altered = body.replace(b'"summary": "\\u652f', b'"summary": "X\\u652f')
    assert altered != body
    return {
        "signed by another key": (body, fakes.signed_headers(other, body)),
        "unknown serial": (body, headers | {"wechatpay-serial": "DEADBEEF"}),
        "stale timestamp": (body, fakes.signed_headers(wechat.server, body, timestamp=stale)),
        "future timestamp": (
            body, fakes.signed_headers(wechat.server, body, timestamp=stale + 700),
        ),
        "body altered after signing": (altered, headers),
        "ciphertext tampered and re-signed": (
            tampered, fakes.signed_headers(wechat.server, tampered),
        ),
        "sealed with another APIv3 key": wechat.notification(genuine, key="k" * 32),
        "another mchid": wechat.notification(genuine | {"mchid": "1900000999"}),
        "another appid": wechat.notification(genuine | {"appid": "wx0000000000000000"}),
        "amount differs": wechat.notification(
            genuine | {"amount": {"total": 1, "payer_total": 1, "currency": "CNY"}}
        ),
        "unknown out_trade_no": wechat.notification(genuine | {"out_trade_no": "X20261126"}),
        "missing signature": (body, {k: v for k, v in headers.items() if "signature" not in k}),
        "made-up trade_state": wechat.notification(genuine | {"trade_state": "PAID"}),
        "amount as a boolean": wechat.notification(
            genuine | {"amount": {"total": True, "currency": "CNY"}}
        ),
    }  # fmt: skip


FORGERY_NAMES = [
    "signed by another key", "unknown serial", "stale timestamp", "future timestamp",
    "body altered after signing", "ciphertext tampered and re-signed",
    "sealed with another APIv3 key", "another mchid", "another appid", "amount differs",
    "unknown out_trade_no", "missing signature", "made-up trade_state", "amount as a boolean",
]  # fmt: skip


@pytest.mark.parametrize("name", FORGERY_NAMES)
def test_forged_or_altered_notifications_change_nothing(wechat, make_payment, name):
    payment = make_payment("wechat", 2500)
    body, headers = _forgeries(wechat, payment)[name]

    reply = _notify(body, headers)

    payment.refresh_from_db()
    assert reply.status == 400 and json.loads(reply.body)["code"] == "FAIL"
    assert payment.status == Payment.Status.PENDING
    assert ledger.account_balance("gateway:wechat") == 0


def test_the_forgery_list_is_complete(wechat, make_payment):
    assert set(_forgeries(wechat, make_payment("wechat"))) == set(FORGERY_NAMES)


def test_a_notpay_notification_is_acknowledged_without_paying(wechat, make_payment):
    payment = make_payment("wechat", 2500)

    reply = _notify(*wechat.notification(wechat.transaction(payment, trade_state="NOTPAY")))

    payment.refresh_from_db()
    assert reply.status == 204 and payment.status == Payment.Status.PENDING


def test_query_resolves_a_pending_payment_and_checks_the_answers_signature(wechat, make_payment):
    paid, forged = make_payment("wechat", 700), make_payment("wechat", 800)
    wechat.server.answers[("GET", f"/v3/pay/transactions/out-trade-no/{paid.no}")] = (
        200, wechat.transaction(paid),
    )  # fmt: skip
    wechat.server.answers[("GET", f"/v3/pay/transactions/out-trade-no/{forged.no}")] = (
        200, wechat.transaction(forged),
    )  # fmt: skip
    real_key = wechat.server.platform_key

    def answer(method, url, headers, body):
        wechat.server.platform_key = keys.key("intruder") if forged.no in url else real_key
        return fakes.WechatServer.__call__(wechat.server, method, url, headers, body)

    fakes.install(answer)

    assert services.resolve_pending(now=a_minute_later()) == 1

    paid.refresh_from_db()
    forged.refresh_from_db()
    assert paid.status == Payment.Status.PAID
    assert forged.status == Payment.Status.PENDING


def test_an_unknown_trade_stays_pending(wechat, make_payment):
    payment = make_payment("wechat", 700)

    assert services.resolve_pending(now=a_minute_later()) == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def _paid(wechat, make_payment, amount=3000):
    payment = make_payment("wechat", amount, [("order:7", amount)])
    _notify(*wechat.notification(wechat.transaction(payment)))
    payment.refresh_from_db()
    return payment


def test_a_processing_refund_completes_on_its_signed_notification_once(
    wechat, make_payment, deliver
):
    payment = _paid(wechat, make_payment)
    wechat.server.answers[("POST", "/v3/refund/domestic/refunds")] = (
        200, {"refund_id": "50000000382019052709732678859", "status": "PROCESSING"},
    )  # fmt: skip
    refund = services.refund(
        payment=payment, amount=1000, reference="order:7", reason="缺货", key="k1"
    )
    deliver()
    refund.refresh_from_db()
    assert refund.status == Refund.Status.PENDING
    assert wechat.server.calls[-1][2]["amount"] == {
        "refund": 1000,
        "total": 3000,
        "currency": "CNY",
    }

    event = {
        "mchid": MCHID, "out_trade_no": payment.no, "out_refund_no": refund.no,
        "refund_id": "50000000382019052709732678859", "refund_status": "SUCCESS",
        "amount": {"total": 3000, "refund": 1000, "payer_total": 3000, "payer_refund": 1000},
    }  # fmt: skip
    body, headers = wechat.notification(event, event_type="REFUND.SUCCESS")
    replies = {_notify(body, headers).status for _ in range(5)}

    refund.refresh_from_db()
    assert replies == {204}
    assert refund.status == Refund.Status.SUCCEEDED
    assert ledger.escrow_balance("order:7") == 2000
    assert ledger.account_balance("gateway:wechat") == 2000


def test_a_refused_refund_request_fails_and_frees_the_amount(wechat, make_payment, deliver):
    payment = _paid(wechat, make_payment)
    wechat.server.answers[("POST", "/v3/refund/domestic/refunds")] = (
        403, {"code": "NOT_ENOUGH", "message": "基本账户余额不足"},
    )  # fmt: skip

    refund = services.refund(
        payment=payment, amount=3000, reference="order:7", reason="缺货", key="k1"
    )
    deliver()

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.FAILED and "NOT_ENOUGH" in refund.failure
    assert payment.refunded_amount == 0


def test_a_gateway_outage_is_retried_by_the_outbox(wechat, make_payment, deliver):
    payment = _paid(wechat, make_payment)
    wechat.server.answers[("POST", "/v3/refund/domestic/refunds")] = (503, {})

    refund = services.refund(
        payment=payment, amount=3000, reference="order:7", reason="缺货", key="k1"
    )
    report = deliver()

    refund.refresh_from_db()
    assert report.retrying == 1
    assert refund.status == Refund.Status.PENDING


def test_a_pending_refund_is_resolved_by_the_periodic_query(wechat, make_payment, deliver):
    payment = _paid(wechat, make_payment)
    wechat.server.answers[("POST", "/v3/refund/domestic/refunds")] = (
        200, {"refund_id": "5000", "status": "PROCESSING"},
    )  # fmt: skip
    refund = services.refund(
        payment=payment, amount=500, reference="order:7", reason="缺货", key="k1"
    )
    deliver()
    wechat.server.answers[("GET", "/v3/refund/domestic/refunds/")] = (
        200, {"refund_id": "5000", "out_refund_no": refund.no, "status": "SUCCESS"},
    )  # fmt: skip

    assert services.resolve_pending(now=a_minute_later()) == 1

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
