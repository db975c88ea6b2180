"""What customers tell other apps (receivers connect in their AppConfig.ready)."""

from django.dispatch import Signal

# user=User, sent inside the transaction that created a shopper's account.
shopper_registered = Signal()
