import json
import urllib.parse
from datetime import timedelta

import pytest
from django.utils import timezone

from mall.ledger import selectors as ledger
from mall.payments import crypto, services
from mall.payments.gateways.base import NotifyRequest
from mall.payments.gateways.signing import canonical
from mall.payments.models import Payment
from mall.payments.tests import keys
from mall.payments.tests.conftest import ALIPAY_APP_ID, a_minute_later

pytestmark = pytest.mark.django_db


def _notify(body: bytes):
    return services.handle_notification("alipay", NotifyRequest(body))


def test_the_page_pay_url_is_signed_with_the_merchant_key(alipay, make_payment):
    payment = make_payment("alipay", 8888)

    url = services.checkout_url(payment)

    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert params["method"] == "alipay.trade.page.pay"
    assert params["app_id"] == ALIPAY_APP_ID and params["sign_type"] == "RSA2"
    biz = json.loads(params["biz_content"])
    assert biz["total_amount"] == "88.88" and biz["out_trade_no"] == payment.no
    expires = timezone.localtime(payment.created_at + timedelta(minutes=30))
    assert biz["time_expire"] == expires.strftime("%Y-%m-%d %H:%M:%S")
    assert params["notify_url"] == "https://mall.example.cn/pay/notify/alipay/"
    merchant = keys.key("merchant").public_key()
    assert crypto.verify(merchant, canonical(params, exclude=frozenset({"sign"})), params["sign"])


def test_mobile_buyers_get_wap_pay(alipay, make_payment):
    url = services.checkout_url(make_payment("alipay"), mobile=True)

    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert params["method"] == "alipay.trade.wap.pay"
    assert json.loads(params["biz_content"])["product_code"] == "QUICK_WAP_WAY"


def test_a_genuine_notification_pays_once_and_answers_success(alipay, make_payment):
    payment = make_payment("alipay", 5990, [("order:1", 3990), ("order:2", 2000)])
    body = alipay.notification(payment)

    replies = {_notify(body).body for _ in range(100)}

    payment.refresh_from_db()
    assert replies == {b"success"}
    assert payment.status == Payment.Status.PAID
    assert payment.gateway_trade_no == "2026112622001400000000000001"
    assert ledger.escrow_balance("order:1") == 3990
    assert ledger.escrow_balance("order:2") == 2000
    assert ledger.account_balance("gateway:alipay") == 5990


def test_trade_finished_after_success_changes_nothing_more(alipay, make_payment):
    payment = make_payment("alipay")
    _notify(alipay.notification(payment))
    reply = _notify(alipay.notification(payment, trade_status="TRADE_FINISHED"))

    assert reply.body == b"success"
    assert ledger.account_balance("gateway:alipay") == payment.amount


FORGERIES = {
    "signed with another key": {"key": keys.key("intruder")},
    "amount altered after signing": {"after_signing": {"total_amount": "0.01"}},
    "signed amount differs from the payment": {"total_amount": "0.01"},
    "another app_id": {"app_id": "2021000000009999"},
    "another seller_id": {"seller_id": "2088000000009999"},
    "unknown out_trade_no": {"out_trade_no": "20261126000000999999999999"},
    "status altered after signing": {
        "trade_status": "WAIT_BUYER_PAY",
        "after_signing": {"trade_status": "TRADE_SUCCESS"},
    },
    "signature removed": {"after_signing": {"sign": None}},
    "signature garbage": {"after_signing": {"sign": "not-base64!"}},
    "sign_type RSA (SHA1)": {"sign_type": "RSA"},
    "made-up trade_status": {"trade_status": "TRADE_PAID"},
    "amount not a number": {"total_amount": "59.90元"},
    "amount with three decimals": {"total_amount": "59.901"},
}


@pytest.mark.parametrize("overrides", FORGERIES.values(), ids=FORGERIES.keys())
def test_forged_or_altered_notifications_change_nothing(alipay, make_payment, overrides):
    payment = make_payment("alipay")

    reply = _notify(alipay.notification(payment, **overrides))

    payment.refresh_from_db()
    assert reply.body == b"fail"
    assert payment.status == Payment.Status.PENDING
    assert ledger.trial_balance() == 0 and ledger.account_balance("gateway:alipay") == 0


def test_a_genuine_waiting_notification_is_acknowledged_without_paying(alipay, make_payment):
    payment = make_payment("alipay")

    reply = _notify(alipay.notification(payment, trade_status="WAIT_BUYER_PAY"))

    payment.refresh_from_db()
    assert reply.body == b"success"
    assert payment.status == Payment.Status.PENDING


def test_a_genuine_notification_for_another_gateways_payment_is_refused(alipay, make_payment):
    payment = make_payment("sandbox")

    assert _notify(alipay.notification(payment)).body == b"fail"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_query_resolves_a_pending_payment(alipay, make_payment):
    payment = make_payment("alipay", 1200)
    alipay.server.answers["alipay.trade.query"] = {
        "code": "10000", "msg": "Success", "out_trade_no": payment.no,
        "trade_no": "2026112622001400000000000002", "trade_status": "TRADE_SUCCESS",
        "total_amount": "12.00",
    }  # fmt: skip

    assert services.resolve_pending(now=a_minute_later()) == 1

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert alipay.server.calls[-1]["method"] == "alipay.trade.query"


def test_a_query_answer_with_a_forged_signature_is_ignored(alipay, make_payment):
    payment = make_payment("alipay", 1200)
    alipay.server.alipay_key = keys.key("intruder")
    alipay.server.answers["alipay.trade.query"] = {
        "code": "10000", "out_trade_no": payment.no, "trade_status": "TRADE_SUCCESS",
        "total_amount": "12.00",
    }  # fmt: skip

    assert services.resolve_pending(now=a_minute_later()) == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_a_refund_is_signed_and_confirmed_by_alipays_signed_answer(alipay, make_payment, deliver):
    payment = make_payment("alipay", 5990)
    _notify(alipay.notification(payment))
    payment.refresh_from_db()
    alipay.server.answers["alipay.trade.refund"] = {
        "code": "10000", "msg": "Success", "fund_change": "Y", "refund_fee": "20.00",
    }  # fmt: skip

    refund = services.refund(
        payment=payment, amount=2000, reference="order:1", reason="买家取消", key="cancel:1"
    )
    deliver()

    refund.refresh_from_db()
    call = alipay.server.calls[-1]
    assert call["method"] == "alipay.trade.refund"
    assert json.loads(call["biz_content"])["refund_amount"] == "20.00"
    assert json.loads(call["biz_content"])["out_request_no"] == refund.no
    assert refund.status == refund.Status.SUCCEEDED
    assert ledger.escrow_balance("order:1") == 3990
    assert ledger.account_balance("gateway:alipay") == 3990


def test_a_refused_refund_gives_the_amount_back(alipay, make_payment, deliver):
    payment = make_payment("alipay", 5990)
    _notify(alipay.notification(payment))
    payment.refresh_from_db()
    alipay.server.answers["alipay.trade.refund"] = {
        "code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_STATUS_ERROR",
        "sub_msg": "交易状态不合法",
    }  # fmt: skip

    refund = services.refund(
        payment=payment, amount=5990, reference="order:1", reason="买家取消", key="cancel:1"
    )
    deliver()

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == refund.Status.FAILED and refund.failure == "交易状态不合法"
    assert payment.refunded_amount == 0
    assert ledger.escrow_balance("order:1") == 5990
