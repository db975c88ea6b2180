"""What membership does when other apps speak (connected in MembershipConfig.ready)."""

from mall.membership import services


def on_order_paid(sender, order, **kwargs) -> None:
    """orders.signals.order_paid, inside the payment's transaction: count the order's total
    into the buyer's spend and level (once per order)."""
    services.record_paid_order(order)
