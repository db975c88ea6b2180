import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mall.ledger import selectors as ledger
from mall.notifications.models import OutboxMessage
from mall.payments import services, signals
from mall.payments.gateways.base import NotifyRequest
from mall.payments.models import Payment
from mall.payments.tests.conftest import a_minute_later

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_signals():
    received = []

    def receiver(sender, payment, **kwargs):
        received.append(payment.no)

    signals.payment_paid.connect(receiver)
    yield received
    signals.payment_paid.disconnect(receiver)


def _cashier(client, payment, decision):
    return client.post(
        reverse("payments:sandbox_cashier", args=[payment.no]), {"decision": decision}
    )


def test_the_cashier_shows_the_amount_and_both_buttons(client, buyer, make_payment):
    payment = make_payment(amount=12990)
    client.force_login(buyer)

    page = client.get(services.checkout_url(payment)).content.decode()

    assert "¥129.90" in page and "支付成功" in page and "支付失败" in page


def test_paying_on_the_cashier_pays_through_the_signed_notification(
    client, buyer, make_payment, deliver, paid_signals
):
    payment = make_payment(amount=5990, allocations=[("order:1", 3990), ("order:2", 2000)])
    client.force_login(buyer)

    response = _cashier(client, payment, "success")
    payment.refresh_from_db()
    assert response.url == reverse("payments:return", args=[payment.no])
    assert payment.status == Payment.Status.PENDING  # nothing is paid until the notification
    assert "正在确认" in client.get(response.url).content.decode()

    deliver()
    _cashier(client, payment, "success")
    deliver()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert paid_signals == [payment.no]
    assert ledger.escrow_balance("order:1") == 3990 and ledger.escrow_balance("order:2") == 2000
    assert "支付成功" in client.get(response.url).content.decode()


def test_only_a_pending_payment_can_be_paid(make_payment, deliver):
    payment = make_payment()
    services.sandbox_decide(payment, success=True)
    deliver()
    payment.refresh_from_db()

    with pytest.raises(ValidationError, match="不能付款"):
        services.checkout_url(payment)


def test_a_failed_attempt_can_be_followed_by_a_successful_one(client, buyer, make_payment, deliver):
    payment = make_payment()
    client.force_login(buyer)

    _cashier(client, payment, "failure")
    deliver()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert ledger.account_balance("gateway:sandbox") == 0
    assert "支付成功" in client.get(services.checkout_url(payment)).content.decode()

    _cashier(client, payment, "success")
    deliver()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert ledger.account_balance("gateway:sandbox") == payment.amount


def test_a_failed_payment_can_be_closed(make_payment, deliver):
    payment = make_payment()
    services.sandbox_decide(payment, success=False)
    deliver()

    assert services.close_payment(payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CLOSED and not payment.payable


def test_a_late_failure_notice_never_unpays(make_payment, deliver):
    payment = make_payment()
    services.sandbox_decide(payment, success=True)
    deliver()

    assert services.sandbox_decide(payment, success=False) is None
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_the_same_sandbox_notification_100_times_pays_once(make_payment, paid_signals):
    payment = make_payment()
    services.sandbox_decide(payment, success=True)
    body = OutboxMessage.objects.get(template=services.SANDBOX_NOTIFY).params["body"].encode()

    replies = {
        services.handle_notification("sandbox", NotifyRequest(body)).body for _ in range(100)
    }

    assert replies == {b"success"}
    assert paid_signals == [payment.no]
    assert ledger.account_balance("gateway:sandbox") == payment.amount


def test_a_sandbox_notification_with_an_altered_amount_is_refused(make_payment):
    payment = make_payment(amount=5990)
    services.sandbox_decide(payment, success=True)
    body = OutboxMessage.objects.get(template=services.SANDBOX_NOTIFY).params["body"]
    forged = body.replace("total_amount=59.90", "total_amount=0.01").encode()

    assert services.handle_notification("sandbox", NotifyRequest(forged)).body == b"fail"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_an_undelivered_decision_is_found_by_the_periodic_query(make_payment):
    payment = make_payment()
    services.sandbox_decide(payment, success=True)  # the outbox has not run yet

    assert services.resolve_pending() == 0  # too young to ask about
    assert services.resolve_pending(now=a_minute_later()) == 1

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_signal_receivers_error_rolls_the_payment_back(make_payment, deliver):
    payment = make_payment()

    def broken(sender, payment, **kwargs):
        raise RuntimeError("orders could not move")

    signals.payment_paid.connect(broken)
    try:
        services.sandbox_decide(payment, success=True)
        report = deliver()
    finally:
        signals.payment_paid.disconnect(broken)

    payment.refresh_from_db()
    assert report.retrying == 1
    assert payment.status == Payment.Status.PENDING
    assert ledger.account_balance("gateway:sandbox") == 0
    OutboxMessage.objects.update(next_attempt_at=payment.created_at)  # the retry is due
    deliver()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_closed_payment_still_records_money_that_arrives(make_payment, deliver, paid_signals):
    payment = make_payment()
    services.sandbox_decide(payment, success=True)
    assert services.close_payment(payment)

    deliver()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID  # orders' receiver refunds it
    assert paid_signals == [payment.no]
