"""A refund the gateway refuses: failed, its amount free again, `refund_failed` sent in the
same transaction, and a retry through `retry_refund` that asks the gateway again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mall.customers.models import User
from mall.ledger import selectors as ledger
from mall.payments import selectors, services, signals
from mall.payments.gateways.base import NotifyRequest
from mall.payments.models import Refund

pytestmark = pytest.mark.django_db
REFUNDS = ("POST", "/v3/refund/domestic/refunds")


@pytest.fixture
def paid(wechat, make_payment):
    payment = make_payment("wechat", 3000, [("order:7", 3000)])
    body, headers = wechat.notification(wechat.transaction(payment))
    services.handle_notification("wechat", NotifyRequest(body, headers))
    payment.refresh_from_db()
    return payment


@pytest.fixture
def failures():
    received = []

    def receiver(sender, refund, **kwargs):
        received.append((refund.no, refund.status, refund.payment.refunded_amount))

    signals.refund_failed.connect(receiver, dispatch_uid="test-refund-failed")
    yield received
    signals.refund_failed.disconnect(dispatch_uid="test-refund-failed")


def _refused(wechat):
    wechat.server.answers[REFUNDS] = (403, {"code": "NOT_ENOUGH", "message": "基本账户余额不足"})


def test_a_refused_refund_signals_its_failure_once(wechat, paid, deliver, failures):
    _refused(wechat)
    refund = services.refund(
        payment=paid, amount=3000, reference="order:7", reason="买家取消", key="cancel:7"
    )
    deliver()
    deliver()

    refund.refresh_from_db()
    assert refund.status == Refund.Status.FAILED
    assert failures == [(refund.no, Refund.Status.FAILED, 0)]
    assert [r.no for r in selectors.failed_refunds("order:7")] == [refund.no]


def test_a_retry_asks_the_gateway_again_and_succeeds(wechat, paid, deliver, failures):
    _refused(wechat)
    first = services.refund(
        payment=paid, amount=3000, reference="order:7", reason="买家取消", key="cancel:7"
    )
    deliver()
    first.refresh_from_db()
    wechat.server.answers[REFUNDS] = (
        200, {"refund_id": "50000000382019052709732678859", "status": "SUCCESS",
              "amount": {"refund": 3000}, "out_refund_no": "x"},
    )  # fmt: skip

    retry = services.retry_refund(first)
    assert services.retry_refund(first) == retry  # the same failed refund retried once
    assert selectors.failed_refunds("order:7") == []
    deliver()

    retry.refresh_from_db()
    assert retry.status == Refund.Status.SUCCEEDED
    assert (retry.amount, retry.reference, retry.key) == (
        3000,
        "order:7",
        f"cancel:7:retry:{first.no}",
    )
    assert ledger.escrow_balance("order:7") == 0
    paid.refresh_from_db()
    assert paid.refunded_amount == 3000


def test_a_failed_retry_is_retried_under_the_original_keys_prefix(wechat, paid, deliver):
    _refused(wechat)
    first = services.refund(
        payment=paid, amount=1000, reference="order:7", reason="缺货", key="line-refund:3:7"
    )
    deliver()
    first.refresh_from_db()
    second = services.retry_refund(first)
    deliver()
    second.refresh_from_db()

    third = services.retry_refund(second)

    assert third.key == f"line-refund:3:7:retry:{second.no}"
    assert [r.no for r in selectors.failed_refunds("order:7")] == []


def test_only_a_failed_refund_can_be_retried(wechat, paid):
    refund = services.refund(
        payment=paid, amount=1000, reference="order:7", reason="缺货", key="k1"
    )
    with pytest.raises(ValidationError):
        services.retry_refund(refund)


def test_operators_see_why_a_refund_failed(client, wechat, paid, deliver):
    _refused(wechat)
    refund = services.refund(
        payment=paid, amount=3000, reference="order:7", reason="买家取消", key="cancel:7"
    )
    deliver()
    client.force_login(User.objects.create_superuser("ops", password="x", mobile="13700000000"))

    listing = client.get(reverse("admin:payments_refund_changelist") + "?status=failed")
    payment_page = client.get(reverse("admin:payments_payment_change", args=[paid.pk]))

    assert refund.no in listing.content.decode()
    assert "基本账户余额不足" in listing.content.decode()
    assert "基本账户余额不足" in payment_page.content.decode()
