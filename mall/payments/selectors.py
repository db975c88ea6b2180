from django.http import Http404
from django.shortcuts import get_object_or_404

from mall.payments.gateways import available_gateways
from mall.payments.models import Gateway, Payment


def payment_of(user, payment_no: str) -> Payment:
    """The user's payment, or 404 (also for another user's: never confirm it exists)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Payment, no=payment_no, buyer=user)


def payment_methods() -> list[tuple[str, str]]:
    """(code, label) of the gateways offered at checkout: only those configured."""
    labels = dict(Gateway.choices)
    return [(code, str(labels[code])) for code in available_gateways()]
