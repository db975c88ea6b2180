from django.http import Http404
from django.shortcuts import get_object_or_404

from mall.payments.models import Payment


def payment_of(user, payment_no: str) -> Payment:
    """The user's payment, or 404 (also for another user's: never confirm it exists)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Payment, no=payment_no, buyer=user)
