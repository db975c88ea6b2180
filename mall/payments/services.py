"""Every write about payments and refunds. Money changes lock the payment row (then the
refund row) and post to the ledger in the same transaction; gateway calls leave through the
outbox (see outbox.py), written in that transaction too."""

import logging
import secrets
from collections.abc import Sequence
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.ledger.services import Line, post
from mall.notifications.services import enqueue_sms as enqueue
from mall.payments import conf, signals
from mall.payments.gateways import available_gateways, get_gateway
from mall.payments.gateways.base import (
    GatewayError,
    InvalidNotification,
    NotifyRequest,
    PaymentEvent,
    RefundEvent,
    RefundState,
    Reply,
    TradeState,
)
from mall.payments.models import RETRY_MARK, Payment, Refund, SandboxTrade

logger = logging.getLogger("mall.payments")

SANDBOX_NOTIFY = "PAYMENT_SANDBOX_NOTIFY"
REFUND_CALL = "PAYMENT_REFUND"
MAX_ALLOCATIONS = 50


# --- payments -------------------------------------------------------------------------------
def create_payment(
    *, buyer, amount: int, subject: str, allocations: Sequence[tuple[str, int]], gateway: str
) -> Payment:
    """A pending payment of `amount` fen split over `allocations` (reference, fen)."""
    _validate_payment(amount, allocations, gateway)
    return Payment.objects.create(
        no=_number(""),
        buyer=buyer,
        gateway=gateway,
        subject=subject[:128],
        amount=amount,
        allocations=[[reference, share] for reference, share in allocations],
    )


def checkout_url(payment: Payment, *, mobile: bool = False) -> str:
    """What the buyer needs to pay: the sandbox cashier, Alipay's page URL, or WeChat Native's
    code_url (asked for once, then kept). Only while pending, or after a failed attempt."""
    if not payment.payable:
        raise ValidationError(_("该支付单已不能付款。"))
    if payment.gateway == "wechat" and payment.code_url:
        return payment.code_url
    target = get_gateway(payment.gateway).checkout(payment, mobile=mobile)
    if payment.gateway == "wechat":
        Payment.objects.filter(pk=payment.pk).update(code_url=target)
        payment.code_url = target
    return target


def cashier_url(payment: Payment, *, mobile: bool = False) -> str:
    """Where a browser goes to pay: the sandbox cashier, Alipay's page, or, for WeChat Pay
    Native (a `weixin://` code_url no desktop browser opens), our page showing it as a QR code.
    Apps that scan or open code_url themselves use `checkout_url`."""
    if payment.gateway == "wechat":
        if not payment.payable:
            raise ValidationError(_("该支付单已不能付款。"))
        return reverse("payments:wechat_cashier", args=[payment.no])
    return checkout_url(payment, mobile=mobile)


def close_payment(payment: Payment) -> bool:
    """Stop waiting for a payment still to be paid (its orders were cancelled). Money that
    still arrives later is recorded as paid, and whoever listens refunds it."""
    to_pay = [Payment.Status.PENDING, Payment.Status.FAILED]
    return bool(
        Payment.objects.filter(pk=payment.pk, status__in=to_pay).update(
            status=Payment.Status.CLOSED, updated_at=timezone.now()
        )
    )


def handle_notification(gateway_code: str, request: NotifyRequest) -> Reply:
    """Verify an asynchronous notification and apply it; the reply is what the gateway expects.
    Anything forged, altered, stale or not matching our records changes nothing."""
    gateway = get_gateway(gateway_code)
    try:
        event = gateway.parse_notification(request)
    except InvalidNotification as exc:
        logger.warning("%s notification refused: %s", gateway_code, exc)
        return gateway.reply(False)
    if isinstance(event, RefundEvent):
        accepted = apply_refund_event(gateway_code, event)
    else:
        accepted = apply_payment_event(gateway_code, event)
    return gateway.reply(accepted)


def apply_payment_event(gateway_code: str, event: PaymentEvent) -> bool:
    """A verified statement from the gateway. False (and no change) when it names no payment
    of ours or its amount differs from the payment's."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(no=event.payment_no, gateway=gateway_code)
            .first()
        )
        if payment is None or event.amount != payment.amount:
            logger.warning("%s event for %s does not match: %s", gateway_code, payment, event)
            return False
        if event.state == TradeState.PAID:
            _mark_paid(payment, event.trade_no)
        elif event.state in (TradeState.FAILED, TradeState.CLOSED):
            _mark_unpaid(payment, event.state)
        return True


def _mark_paid(payment: Payment, trade_no: str) -> None:
    if payment.status == Payment.Status.PAID:
        return
    payment.status = Payment.Status.PAID
    payment.paid_at = timezone.now()
    payment.gateway_trade_no = trade_no[:64]
    payment.save(update_fields=["status", "paid_at", "gateway_trade_no", "updated_at"])
    post(
        f"pay:{payment.pk}",
        [Line(f"gateway:{payment.gateway}", payment.amount)]
        + [Line("escrow", -share, reference) for reference, share in payment.allocations],
        memo=payment.no,
    )
    signals.payment_paid.send(sender=Payment, payment=payment)


def _mark_unpaid(payment: Payment, state: TradeState) -> None:
    if not payment.payable:
        return
    payment.status = Payment.Status.FAILED if state == TradeState.FAILED else Payment.Status.CLOSED
    payment.save(update_fields=["status", "updated_at"])


def resolve_pending(now=None) -> int:
    """Ask the gateways about payments and refunds still pending after a minute; returns how
    many were resolved. Run periodically (tasks.resolve_pending)."""
    now = now or timezone.now()
    due_before = now - timedelta(seconds=conf.query_after_seconds())
    since = now - timedelta(hours=conf.query_window_hours())
    resolved = 0
    gateways = set(available_gateways())
    payments = Payment.objects.filter(
        status=Payment.Status.PENDING, created_at__lte=due_before, created_at__gte=since
    ).filter(gateway__in=gateways)
    for payment in payments.order_by("created_at")[:200]:
        resolved += _query_payment(payment)
    refunds = Refund.objects.filter(
        status=Refund.Status.PENDING, created_at__lte=due_before, created_at__gte=since
    ).filter(payment__gateway__in=gateways)
    for refund in refunds.select_related("payment").order_by("created_at")[:200]:
        resolved += _query_refund(refund)
    return resolved


def _query_payment(payment: Payment) -> int:
    try:
        event = get_gateway(payment.gateway).query(payment)
    except GatewayError as exc:
        logger.warning("query %s failed: %s", payment.no, exc)
        return 0
    if event.state == TradeState.PENDING or event.payment_no != payment.no:
        return 0
    return int(apply_payment_event(payment.gateway, event))


def _query_refund(refund: Refund) -> int:
    try:
        event = get_gateway(refund.payment.gateway).query_refund(refund)
    except GatewayError as exc:
        logger.warning("refund query %s failed: %s", refund.no, exc)
        return 0
    if event.state == RefundState.PENDING:
        return 0
    return int(apply_refund_event(refund.payment.gateway, event))


# --- the sandbox's cashier ------------------------------------------------------------------
def sandbox_decide(payment: Payment, *, success: bool) -> SandboxTrade | None:
    """The shopper pressed 支付成功 or 支付失败 on the sandbox cashier: the sandbox records the
    attempt and queues its signed notification (delivered like a gateway's, then verified).
    After a failed attempt the shopper may try again; once paid, nothing more happens."""
    if payment.gateway != "sandbox":
        raise ValidationError(_("该支付单不是沙箱支付。"))
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if not locked.payable:
            return None
        trade = SandboxTrade.objects.create(
            payment_no=locked.no, trade_no=_number("S"), amount=locked.amount, succeeded=success
        )
        body = get_gateway("sandbox").notification_body(locked, trade.trade_no, success=success)
        enqueue(
            key=f"sandbox-notify:{trade.trade_no}",
            phone=locked.no,
            template=SANDBOX_NOTIFY,
            params={"body": body.decode()},
        )
    return trade


# --- refunds --------------------------------------------------------------------------------
def refund(*, payment: Payment, amount: int, reference: str, reason: str, key: str) -> Refund:
    """Ask the payment's gateway to give `amount` fen back for `reference` (one of the
    payment's allocations). Never more than paid − refunded overall, nor more than the
    allocation's share: checked under the payment's row lock. The same `key` returns the same
    refund. The gateway call leaves through the outbox once this commits."""
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("退款金额必须是正整数（分）。"))
    try:
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=payment.pk)
            existing = Refund.objects.filter(key=key).first()
            if existing is not None:
                return _same_refund(existing, locked, amount, reference)
            _check_refundable(locked, amount, reference)
            locked.refunded_amount += amount
            locked.save(update_fields=["refunded_amount", "updated_at"])
            created = Refund.objects.create(
                no=_number("R"),
                key=key,
                payment=locked,
                amount=amount,
                reference=reference,
                reason=reason[:200],
            )
            enqueue(
                key=f"refund:{created.no}",
                phone=locked.no,
                template=REFUND_CALL,
                params={"refund": created.no},
            )
            return created
    except IntegrityError:  # the same key committed by a concurrent call on another payment
        return _same_refund(Refund.objects.get(key=key), payment, amount, reference)


def retry_refund(failed: Refund) -> Refund:
    """Ask again for a refund the gateway refused: a new refund of the same amount, reference
    and reason. Retrying the same failed refund twice returns the same new refund; its key
    keeps the original's prefix, so whoever reads refund keys still recognises it."""
    if failed.status != Refund.Status.FAILED:
        raise ValidationError(_("只有退款失败的退款单可以重新发起。"))
    original_key = failed.key.split(RETRY_MARK)[0]
    return refund(
        payment=failed.payment,
        amount=failed.amount,
        reference=failed.reference,
        reason=failed.reason,
        key=f"{original_key}{RETRY_MARK}{failed.no}",
    )


def _same_refund(existing: Refund, payment: Payment, amount: int, reference: str) -> Refund:
    if (existing.payment_id, existing.amount, existing.reference) != (
        payment.pk,
        amount,
        reference,
    ):
        raise ValidationError(_("该幂等键已用于另一笔退款。"))
    return existing


def _check_refundable(payment: Payment, amount: int, reference: str) -> None:
    if payment.status != Payment.Status.PAID:
        raise ValidationError(_("该支付单尚未支付成功，不能退款。"))
    if amount > payment.amount - payment.refunded_amount:
        raise ValidationError(_("退款金额超过了可退金额。"))
    share = dict((ref, fen) for ref, fen in payment.allocations).get(reference)
    if share is None:
        raise ValidationError(_("退款的业务参考不属于该支付单。"))
    taken = sum(
        payment.refunds.exclude(status=Refund.Status.FAILED)
        .filter(reference=reference)
        .values_list("amount", flat=True)
    )
    if amount > share - taken:
        raise ValidationError(_("退款金额超过了该订单的可退金额。"))


def execute_refund(refund_no: str) -> None:
    """Outbox delivery: call the gateway, then apply what it says. Network failures raise, so
    the outbox retries (the gateway de-duplicates by refund number)."""
    refund = Refund.objects.select_related("payment").get(no=refund_no)
    if refund.status != Refund.Status.PENDING:
        return
    event = get_gateway(refund.payment.gateway).refund(refund)
    if event.state != RefundState.PENDING:
        apply_refund_event(refund.payment.gateway, event)


def apply_refund_event(gateway_code: str, event: RefundEvent) -> bool:
    """A verified refund outcome: succeeded posts Dr escrow / Cr gateway and signals; failed
    gives the amount back to what may be refunded. Applied once whatever the replays."""
    with transaction.atomic():
        found = Refund.objects.filter(no=event.refund_no, payment__gateway=gateway_code).first()
        if found is None or found.amount != event.amount:
            logger.warning("%s refund event does not match: %s", gateway_code, event)
            return False
        payment = Payment.objects.select_for_update().get(pk=found.payment_id)
        refund = Refund.objects.select_for_update().get(pk=found.pk)
        if refund.status != Refund.Status.PENDING or event.state == RefundState.PENDING:
            return True
        if event.state == RefundState.SUCCEEDED:
            _refund_succeeded(payment, refund, event)
        else:
            _refund_failed(payment, refund, event)
        return True


def _refund_succeeded(payment: Payment, refund: Refund, event: RefundEvent) -> None:
    refund.status = Refund.Status.SUCCEEDED
    refund.succeeded_at = timezone.now()
    refund.gateway_refund_no = event.gateway_refund_no[:64]
    refund.save(update_fields=["status", "succeeded_at", "gateway_refund_no", "updated_at"])
    post(
        f"refund:{refund.pk}",
        [
            Line("escrow", refund.amount, refund.reference),
            Line(f"gateway:{payment.gateway}", -refund.amount),
        ],
        memo=refund.no,
    )
    refund.payment = payment
    signals.refund_succeeded.send(sender=Refund, refund=refund)


def _refund_failed(payment: Payment, refund: Refund, event: RefundEvent) -> None:
    refund.status = Refund.Status.FAILED
    refund.failure = event.message[:200]
    refund.save(update_fields=["status", "failure", "updated_at"])
    payment.refunded_amount -= refund.amount
    payment.save(update_fields=["refunded_amount", "updated_at"])
    refund.payment = payment
    signals.refund_failed.send(sender=Refund, refund=refund)


# --- helpers --------------------------------------------------------------------------------
def _validate_payment(amount: int, allocations: Sequence[tuple[str, int]], gateway: str) -> None:
    if gateway not in available_gateways():
        raise ValidationError(_("不支持该支付方式。"))
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("支付金额必须是正整数（分）。"))
    if not 0 < len(allocations) <= MAX_ALLOCATIONS:
        raise ValidationError(_("支付单至少要分配给一个订单。"))
    references = [reference for reference, _share in allocations]
    if len(set(references)) != len(references) or not all(references):
        raise ValidationError(_("支付分配的业务参考不能为空或重复。"))
    if any(not isinstance(share, int) or share <= 0 for _ref, share in allocations):
        raise ValidationError(_("每笔分配金额必须是正整数（分）。"))
    if sum(share for _ref, share in allocations) != amount:
        raise ValidationError(_("分配金额之和必须等于支付金额。"))


def _number(prefix: str) -> str:
    """Date-time plus 12 random digits: ≤ 32 characters, as both gateways allow."""
    return f"{prefix}{timezone.localtime():%Y%m%d%H%M%S}{secrets.randbelow(10**12):012d}"
