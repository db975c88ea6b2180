"""Orders follow the payments app's signals (sent inside its money transaction)."""

from mall.orders import services


def on_payment_paid(sender, payment, **kwargs) -> None:
    services.orders_paid(payment)


def on_refund_succeeded(sender, refund, **kwargs) -> None:
    services.refund_succeeded(refund)


def on_refund_failed(sender, refund, **kwargs) -> None:
    services.refund_failed(refund)
