import contextlib
import uuid

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from mall.customers.tests.factories import ShopperFactory
from mall.ledger import selectors as ledger
from mall.notifications.services import deliver_due
from mall.payments import services, signals
from mall.payments.models import Payment, Refund

pytestmark = pytest.mark.django_db

requests = st.lists(
    st.tuples(st.integers(min_value=-10, max_value=4000), st.sampled_from([0, 1]), st.booleans()),
    max_size=12,
)


@settings(max_examples=25, deadline=None)
@given(requests)
def test_any_refund_sequence_keeps_refunded_within_paid_and_the_books_balanced(steps):
    orders = [f"order:{uuid.uuid4().hex[:12]}" for _ in range(2)]
    payment = services.create_payment(
        buyer=ShopperFactory(), amount=5000, subject="p", gateway="sandbox",
        allocations=[(orders[0], 3000), (orders[1], 2000)],
    )  # fmt: skip
    services.sandbox_decide(payment, success=True)
    deliver_due()
    payment.refresh_from_db()
    for index, (amount, which, deliver_now) in enumerate(steps):
        with contextlib.suppress(ValidationError):  # over the limit, bad amount, reused key
            services.refund(
                payment=payment, amount=amount, reference=orders[which], reason="p",
                key=f"{payment.no}-{index % 5}-{amount}",
            )  # fmt: skip
        if deliver_now:
            deliver_due()
    deliver_due()

    payment.refresh_from_db()
    refunded = sum(
        Refund.objects.filter(payment=payment, status="succeeded").values_list("amount", flat=True)
    )
    assert refunded == payment.refunded_amount <= payment.amount
    for order, share in ((orders[0], 3000), (orders[1], 2000)):
        assert 0 <= ledger.escrow_balance(order) <= share
    assert ledger.escrow_balance(orders[0]) + ledger.escrow_balance(orders[1]) == 5000 - refunded
    assert ledger.trial_balance() == 0 and ledger.accounts_out_of_step() == []


def test_orders_can_refund_from_inside_the_payment_paid_signal(make_payment, deliver):
    """Money for orders already cancelled: orders' receiver refunds in the same transaction."""
    payment = make_payment(amount=2000)

    def refund_cancelled(sender, payment, **kwargs):
        services.refund(
            payment=payment, amount=payment.amount, reference="order:1",
            reason="订单已取消", key=f"late:{payment.no}",
        )  # fmt: skip

    signals.payment_paid.connect(refund_cancelled)
    try:
        services.sandbox_decide(payment, success=True)  # paid just as the orders time out
        services.close_payment(payment)
        deliver()
        deliver()
    finally:
        signals.payment_paid.disconnect(refund_cancelled)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.refunds.get().status == Refund.Status.SUCCEEDED
    assert ledger.escrow_balance("order:1") == 0
    assert ledger.account_balance("gateway:sandbox") == 0
