import pytest
from django.core.exceptions import ValidationError

from mall.ledger import selectors as ledger
from mall.payments import services, signals
from mall.payments.models import Payment, Refund

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(make_payment, deliver):
    payment = make_payment(amount=5000, allocations=[("order:1", 3000), ("order:2", 2000)])
    services.sandbox_decide(payment, success=True)
    deliver()
    payment.refresh_from_db()
    return payment


def _refund(payment, amount, reference="order:1", key=None):
    return services.refund(
        payment=payment, amount=amount, reference=reference, reason="取消订单",
        key=key or f"k-{reference}-{amount}",
    )  # fmt: skip


def test_a_refund_is_confirmed_posted_and_signalled_once(paid, deliver):
    received = []

    def receiver(sender, refund, **kwargs):
        received.append(refund.no)

    signals.refund_succeeded.connect(receiver)
    try:
        refund = _refund(paid, 3000)
        deliver()
        deliver()
    finally:
        signals.refund_succeeded.disconnect(receiver)

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert received == [refund.no]
    assert ledger.escrow_balance("order:1") == 0 and ledger.escrow_balance("order:2") == 2000
    assert ledger.account_balance("gateway:sandbox") == 2000


def test_the_same_key_returns_the_same_refund(paid):
    first = _refund(paid, 1000, key="cancel-1")
    again = _refund(paid, 1000, key="cancel-1")

    paid.refresh_from_db()
    assert again.pk == first.pk
    assert paid.refunded_amount == 1000


def test_the_same_key_for_a_different_refund_is_refused(paid):
    _refund(paid, 1000, key="cancel-1")

    with pytest.raises(ValidationError):
        _refund(paid, 999, key="cancel-1")


def test_never_more_than_paid_minus_refunded(paid):
    _refund(paid, 3000)
    _refund(paid, 1500, reference="order:2")

    with pytest.raises(ValidationError, match="超过"):
        _refund(paid, 501, reference="order:2")
    paid.refresh_from_db()
    assert paid.refunded_amount == 4500


def test_never_more_than_the_references_share(paid):
    with pytest.raises(ValidationError, match="该订单"):
        _refund(paid, 3001)


@pytest.mark.parametrize(
    ("amount", "reference"), [(0, "order:1"), (-5, "order:1"), (100, "order:9"), (1.5, "order:1")]
)
def test_bad_refunds_are_refused_with_a_message(paid, amount, reference):
    with pytest.raises(ValidationError):
        _refund(paid, amount, reference)
    paid.refresh_from_db()
    assert paid.refunded_amount == 0 and not Refund.objects.exists()


def test_an_unpaid_payment_cannot_be_refunded(make_payment):
    payment = make_payment()

    with pytest.raises(ValidationError, match="尚未支付"):
        _refund(payment, 100)


@pytest.mark.parametrize(
    ("amount", "allocations", "gateway"),
    [
        (1000, [("order:1", 999)], "sandbox"),
        (0, [("order:1", 0)], "sandbox"),
        (1000, [("order:1", 500), ("order:1", 500)], "sandbox"),
        (1000, [], "sandbox"),
        (1000, [("order:1", 1000)], "alipay"),  # not configured here
        (1000, [("order:1", 1000)], "paypal"),
    ],
)
def test_impossible_payments_are_refused(buyer, amount, allocations, gateway):
    with pytest.raises(ValidationError):
        services.create_payment(
            buyer=buyer, amount=amount, subject="x", allocations=allocations, gateway=gateway
        )
    assert not Payment.objects.exists()
