"""What orders tell other apps (receivers connect in their AppConfig.ready)."""

from django.dispatch import Signal

# order=Order, sent inside the payment's transaction once per order that became paid.
order_paid = Signal()
