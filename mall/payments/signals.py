"""Sent inside the transaction that changes the money, so a receiver's writes commit with it
(and a receiver's error rolls the whole thing back)."""

from django.dispatch import Signal

payment_paid = Signal()  # payment=Payment
refund_succeeded = Signal()  # refund=Refund
refund_failed = Signal()  # refund=Refund (the gateway refused it; retry_refund asks again)
