from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.shortcuts import get_object_or_404

from mall.payments.gateways import available_gateways
from mall.payments.models import RETRY_MARK, Gateway, Payment, Refund


def payment_of(user, payment_no: str) -> Payment:
    """The user's payment, or 404 (also for another user's: never confirm it exists)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Payment, no=payment_no, buyer=user)


def payment_by_id(payment_id: int) -> Payment:
    """A payment for another app that holds its id (orders keep `payment_id`): no owner check,
    the caller already knows the payment is its own. Its `allocations` are
    `[[reference, fen], …]`, e.g. `[["order:12", 3990], ["order:13", 2000]]`, summing to
    `amount`; a refund names one of those references."""
    return Payment.objects.get(pk=payment_id)


def failed_refunds(reference: str) -> list[Refund]:
    """Refunds for `reference` that the gateway refused and nobody has retried yet."""
    retry = Refund.objects.filter(key__endswith=Concat(Value(RETRY_MARK), OuterRef("no")))
    failed = Refund.objects.filter(reference=reference, status=Refund.Status.FAILED)
    return list(failed.filter(~Exists(retry)).select_related("payment").order_by("pk"))


def payment_methods() -> list[tuple[str, str]]:
    """(code, label) of the gateways offered at checkout: only those configured."""
    labels = dict(Gateway.choices)
    return [(code, str(labels[code])) for code in available_gateways()]
