"""Every change of an order after it was placed (placing is in `orders.checkout`): buyer
actions, shipping, payment and refund results, and the periodic sweeps' per-order steps.
Each locks the order row first and moves it only through `transitions.transition`."""

from collections import Counter
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mall.catalog.services import record_sales
from mall.core.money import format_fen
from mall.coupons import services as coupon_services
from mall.inventory.services import StockItem, return_stock
from mall.ledger.services import settle_order
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm, allows
from mall.notifications.services import enqueue_sms
from mall.orders.errors import OrderError, TransitionRefused
from mall.orders.funding import Shares, settlement_shares
from mall.orders.models import Order, OrderLine, OrderStatus, Shipment, ShipmentLine
from mall.orders.signals import order_paid
from mall.orders.transitions import can_transition, record, transition
from mall.payments import selectors as payment_selectors
from mall.payments import services as payments
from mall.promotions import services as promotion_services
from mall.shipping.carriers import CARRIERS, validate_tracking_number

S = OrderStatus
BUYER_DELETABLE = {S.COMPLETED, S.CANCELLED, S.REFUNDED}
LINE_REFUND_KEY = "line-refund"
ORDER_SHIPPED_TEMPLATE = "ORDER_SHIPPED"
ORDER_CANCELLED_BY_SHOP_TEMPLATE = "ORDER_CANCELLED_BY_SHOP"
CANCEL_REASON_MAX_LENGTH = 60


def buyer_actions(order: Order) -> set[str]:
    """What the buyer may do with the order now (the pages show these buttons)."""
    actions = set()
    if order.status == S.PENDING_PAYMENT:
        actions |= {"pay", "cancel"}
    if order.status == S.PAID and not any(line.shipped_quantity for line in order.lines.all()):
        actions.add("cancel")
    if can_transition(order.status, S.COMPLETED):
        actions.add("confirm")
    if order.status in BUYER_DELETABLE:
        actions.add("delete")
    return actions


def can_ship(member: ShopMember, order: Order) -> bool:
    return allows(member, Perm.SHIP_ORDERS) and order.status == S.PAID


def refundable_lines(member: ShopMember, order: Order) -> list[OrderLine]:
    """Lines the member may refund before shipment (缺货退款): paid, nothing of it shipped."""
    if not allows(member, Perm.REFUND) or order.status != S.PAID:
        return []
    return [line for line in order.lines.all() if line.unshipped_quantity == line.quantity]


def _lock_buyer_order(user, no: str) -> Order:
    order = Order.objects.select_for_update().filter(buyer=user, no=no).first()
    if order is None or order.deleted_by_buyer:
        raise Http404
    return order


@transaction.atomic
def cancel_by_buyer(user, no: str, reason: str = "") -> Order:
    """Unpaid: cancelled, stock returned. Paid, nothing shipped: refunded in full."""
    order = _lock_buyer_order(user, no)
    reason = reason or _("买家取消订单")
    if "cancel" not in buyer_actions(order):
        if order.status == S.PAID:
            raise TransitionRefused(_("订单已部分发货，不能直接取消，请联系商家"))
        raise TransitionRefused(
            _("订单状态为“%(status)s”，不能取消") % {"status": S(order.status).label}
        )
    if order.status == S.PENDING_PAYMENT:
        _cancel_unpaid(order, actor=user, reason=reason)
    else:
        transition(order, S.REFUNDING, actor=user, reason=reason)
        _request_refund(order, reason)
    return order


@transaction.atomic
def confirm_receipt(user, no: str) -> Order:
    order = _lock_buyer_order(user, no)
    transition(order, S.COMPLETED, actor=user, reason=_("买家确认收货"))
    return order


@transaction.atomic
def delete_for_buyer(user, no: str) -> None:
    """Hide a finished order from the buyer's list; the record itself stays."""
    order = _lock_buyer_order(user, no)
    if "delete" not in buyer_actions(order):
        raise TransitionRefused(_("只有已完成、已取消或已退款的订单可以删除"))
    order.deleted_by_buyer = True
    order.save(update_fields=["deleted_by_buyer"])


@transaction.atomic
def ship(
    member: ShopMember, no: str, *, carrier: str, tracking_no: str,
    quantities: Mapping[int, int] | None = None,
) -> Shipment:  # fmt: skip
    """Ship some or all unshipped quantities (`quantities` by order-line id; None = all that is
    left). The order is 待收货 once every line has shipped in full."""
    order = Order.objects.select_for_update().filter(shop_id=member.shop_id, no=no).first()
    if order is None or not allows(member, Perm.SHIP_ORDERS):
        raise Http404
    if not can_ship(member, order):
        raise TransitionRefused(
            _("订单状态为“%(status)s”，不能发货") % {"status": S(order.status).label}
        )
    try:
        tracking_no = validate_tracking_number(carrier, tracking_no)
    except ValidationError as exc:
        raise OrderError("；".join(exc.messages)) from exc
    lines = list(order.lines.all())
    shipping = _quantities_to_ship(lines, quantities)
    if Shipment.objects.filter(order=order, carrier=carrier, tracking_no=tracking_no).exists():
        raise OrderError(_("这个运单号已经登记过了"))
    shipment = Shipment.objects.create(
        order=order, carrier=carrier, tracking_no=tracking_no, shipped_by=member.user
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, line=line, quantity=qty) for line, qty in shipping
    )
    for line, qty in shipping:
        line.shipped_quantity += qty
    OrderLine.objects.bulk_update([line for line, _qty in shipping], ["shipped_quantity"])
    _notify_shipped(order, shipment)
    if all(line.unshipped_quantity == 0 for line in lines):
        transition(order, S.SHIPPED, actor=member.user, reason=_("商家发货"))
    return shipment


def _notify_shipped(order: Order, shipment: Shipment) -> None:
    """The buyer's SMS, queued in the shipping transaction: sent once, and only if the
    shipment commits."""
    phone = _buyer_phone(order)
    if not phone:
        return
    enqueue_sms(
        key=f"order-shipped:{shipment.pk}",
        phone=phone,
        template=ORDER_SHIPPED_TEMPLATE,
        params={
            "order_no": order.no,
            "carrier": _in_sms_language(CARRIERS[shipment.carrier].name),
            "tracking_no": shipment.tracking_no,
        },
    )


def _buyer_phone(order: Order) -> str:
    """Their account's number, else the consignee's."""
    return order.buyer.mobile or order.address.get("mobile", "")


def _in_sms_language(text) -> str:
    """SMS templates are registered in Chinese with the provider, whoever pressed 发货."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _quantities_to_ship(
    lines: list[OrderLine], quantities: Mapping[int, int] | None
) -> list[tuple[OrderLine, int]]:
    if quantities is None:
        quantities = {line.pk: line.unshipped_quantity for line in lines}
    by_id = {line.pk: line for line in lines}
    if set(quantities) - set(by_id):
        raise OrderError(_("发货商品不属于这个订单"))
    shipping = []
    for line_id, qty in sorted(quantities.items()):
        line = by_id[line_id]
        if qty < 0 or qty > line.unshipped_quantity:
            raise OrderError(
                _("“%(name)s”最多还能发 %(left)s 件")
                % {"name": line.product_name, "left": line.unshipped_quantity}
            )
        if qty:
            shipping.append((line, qty))
    if not shipping:
        raise OrderError(_("请选择要发货的商品和数量"))
    return shipping


@transaction.atomic
def refund_line(member: ShopMember, no: str, line_id: int) -> Order:
    """The shop refunds one unshipped line: exactly its share (its goods after its allocated
    discount) goes back and its stock returns. Refunding the last line left refunds the whole
    order, freight included."""
    order = Order.objects.select_for_update().filter(shop_id=member.shop_id, no=no).first()
    if order is None:
        raise Http404
    line = next((line for line in order.lines.all() if line.pk == line_id), None)
    if line is None:
        raise Http404
    if line not in refundable_lines(member, order):
        if not allows(member, Perm.REFUND):
            raise Http404
        raise TransitionRefused(_("只有已付款、尚未发货的商品可以退款"))
    reason = _("商家退款：%(line)s") % {"line": line}
    others = [o for o in order.lines.all() if o.pk != line.pk and o.cancelled_at is None]
    if not others:
        transition(order, S.REFUNDING, actor=member.user, reason=reason)
        _request_refund(order, reason)
        return order
    line.cancelled_at = timezone.now()
    line.save(update_fields=["cancelled_at"])
    if line.sku_id is not None:
        return_stock([StockItem(line.sku_id, line.quantity, f"order:{order.pk}")])
    record(order, reason, actor=member.user)
    payment = payment_selectors.payment_by_id(order.payment_id)
    _refund(payment, order, line.total, reason, key=f"{LINE_REFUND_KEY}:{line.pk}")
    return order


def can_cancel_for_shop(member: ShopMember, order: Order) -> bool:
    """The shop may cancel an order it cannot fulfil while none of it has shipped."""
    return (
        allows(member, Perm.CANCEL_ORDERS)
        and order.status in {S.PENDING_PAYMENT, S.PAID}
        and not any(line.shipped_quantity for line in order.lines.all())
    )


@transaction.atomic
def cancel_by_shop(member: ShopMember, no: str, reason: str) -> Order:
    """Unpaid: cancelled. Paid, nothing shipped: refunded in full (what the shop already refunded
    line by line stays refunded). Either way the stock comes back, the reason goes on the
    timeline and the buyer gets an SMS."""
    order = Order.objects.select_for_update().filter(shop_id=member.shop_id, no=no).first()
    if order is None or not allows(member, Perm.CANCEL_ORDERS):
        raise Http404
    reason = " ".join(reason.split())[:CANCEL_REASON_MAX_LENGTH]
    if not reason:
        raise OrderError(_("请填写取消原因，买家会看到它"))
    if not can_cancel_for_shop(member, order):
        if order.status == S.PAID:
            raise TransitionRefused(_("订单已部分发货，不能取消"))
        raise TransitionRefused(
            _("订单状态为“%(status)s”，不能取消") % {"status": S(order.status).label}
        )
    timeline = _("商家取消订单：%(reason)s") % {"reason": reason}
    if order.status == S.PENDING_PAYMENT:
        _cancel_unpaid(order, actor=member.user, reason=timeline)
    else:
        transition(order, S.REFUNDING, actor=member.user, reason=timeline)
        _request_refund(order, timeline)
    _notify_cancelled(order, reason)
    return order


def _notify_cancelled(order: Order, reason: str) -> None:
    phone = _buyer_phone(order)
    if phone:
        enqueue_sms(
            key=f"order-cancelled-by-shop:{order.pk}",
            phone=phone,
            template=ORDER_CANCELLED_BY_SHOP_TEMPLATE,
            params={"order_no": order.no, "reason": reason},
        )


def orders_paid(payment) -> None:
    """payments.signals.payment_paid, inside the payment's transaction: the orders it was for
    are paid (once; a replay finds them paid already). Money for an order cancelled meanwhile,
    or already paid through a newer payment, goes back."""
    shares = _order_shares(payment)
    orders = Order.objects.select_for_update().filter(pk__in=shares).order_by("pk")
    sold: Counter[int] = Counter()
    for order in orders:
        if order.payment_id != payment.pk:
            reason = _("订单已通过另一笔支付付款，本次付款自动退回")
            _refund(payment, order, shares[order.pk], reason, key=f"duplicate:{payment.pk}")
        elif order.status == S.PENDING_PAYMENT:
            transition(order, S.PAID, reason=_("支付成功"))
            sold.update(_quantities_by_product(order))
            order_paid.send(sender=Order, order=order)
        elif order.status == S.CANCELLED:
            reason = _("订单已取消后才收到付款，自动退款")
            transition(order, S.REFUNDING, reason=reason)
            _request_refund(order, reason)
    record_sales(sold)


def _quantities_by_product(order: Order) -> Counter[int]:
    sold: Counter[int] = Counter()
    for line in order.lines.all():
        if line.product_id is not None:
            sold[line.product_id] += line.quantity
    return sold


def _order_shares(payment) -> dict[int, int]:
    """Order id → fen, from the payment's allocations ("order:<id>", fen)."""
    shares = {}
    for reference, amount in payment.allocations:
        kind, _sep, order_id = reference.partition(":")
        if kind == "order" and order_id.isdigit():
            shares[int(order_id)] = amount
    return shares


def refund_succeeded(refund) -> None:
    """payments.signals.refund_succeeded (once per refund): the money counts as refunded on
    the order (and on its line, for a line refund); once all of it is back, a refunding order
    is refunded. A refunded duplicate payment was never the order's money: ignored."""
    order = _refund_order(refund)
    if order is None or order.payment_id != refund.payment_id:
        return
    prefix, _sep, rest = refund.key.partition(":")
    line_id = rest.partition(":")[0]
    if prefix == LINE_REFUND_KEY and line_id.isdigit():
        OrderLine.objects.filter(pk=int(line_id), order=order).update(refunded=refund.amount)
    order.refunded = min(order.total, order.refunded + refund.amount)
    order.save(update_fields=["refunded"])
    if order.status == S.REFUNDING and order.refunded == order.total:
        transition(order, S.REFUNDED, reason=_("退款成功"))


def refund_failed(refund) -> None:
    """payments.signals.refund_failed: the gateway refused a refund for one of our orders. The
    order stays as it is (退款中 stays 退款中: the money is still owed) and its timeline says
    so; the gateway's reason (which may speak of the mall's own account) stays with the refund,
    for operators. `retry_failed_refunds` asks again."""
    order = _refund_order(refund)
    if order is not None:
        amount = format_fen(refund.amount)
        record(order, _("退款失败（%(amount)s），待平台重新发起退款") % {"amount": amount})


@transaction.atomic
def retry_failed_refunds(order_id: int, *, actor=None) -> int:
    """Ask the gateway again for every refund of the order it refused (operators, from the
    admin). Returns how many were asked again; each retry is recorded on the timeline."""
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise Http404
    failed = payment_selectors.failed_refunds(f"order:{order.pk}")
    for refund in failed:
        try:
            payments.retry_refund(refund)
        except ValidationError as exc:
            raise OrderError("；".join(exc.messages)) from exc
        record(
            order, _("重新发起退款（%(amount)s）") % {"amount": format_fen(refund.amount)},
            actor=actor,
        )  # fmt: skip
    return len(failed)


def _refund_order(refund) -> Order | None:
    """The order a refund is for (reference "order:<id>"), row-locked."""
    kind, _sep, order_id = refund.reference.partition(":")
    if kind != "order" or not order_id.isdigit():
        return None
    return Order.objects.select_for_update().filter(pk=int(order_id)).first()


def _cancel_unpaid(order: Order, *, actor=None, reason: str) -> None:
    """Cancel an unpaid order, giving back its campaign budget and, by their rules, its
    coupons; once none of its payment's orders waits for it, the payment is
    closed after commit (never locked while an order is: the payment's own notification locks
    payment then orders). Money that still arrives is refunded by `orders_paid`."""
    transition(order, S.CANCELLED, actor=actor, reason=reason)
    promotion_services.release_for_orders([order.pk])
    coupon_services.return_for_orders([order.pk])
    waiting = Order.objects.filter(payment_id=order.payment_id, status=S.PENDING_PAYMENT)
    if order.payment_id is not None and not waiting.exists():
        payment_id = order.payment_id
        transaction.on_commit(
            lambda: payments.close_payment(payment_selectors.payment_by_id(payment_id))
        )


def _request_refund(order: Order, reason: str) -> None:
    """Everything the order's own payment holds for it goes back (lines the shop refunded on
    their own have their own refunds)."""
    payment = payment_selectors.payment_by_id(order.payment_id)
    asked = sum(line.total for line in order.lines.all() if line.cancelled_at)
    if order.total > asked:
        _refund(payment, order, order.total - asked, reason, key="order-cancel")


def _refund(payment, order: Order, amount: int, reason: str, *, key: str) -> None:
    try:
        payments.refund(
            payment=payment,
            amount=amount,
            reference=f"order:{order.pk}",
            reason=reason,
            key=f"{key}:{order.pk}",
        )
    except ValidationError as exc:
        raise OrderError("；".join(exc.messages)) from exc


# --- the sweeps' steps: each re-checks, under a skip-locked row lock, that the order is due ---
def expired_unpaid() -> dict:
    """Conditions of unpaid orders whose payment time is up."""
    deadline = timezone.now() - timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    return {"status": S.PENDING_PAYMENT, "created_at__lte": deadline}


def due_for_confirmation() -> dict:
    deadline = timezone.now() - timedelta(days=settings.ORDER_AUTO_CONFIRM_DAYS)
    return {"status": S.SHIPPED, "shipped_at__lte": deadline}


def due_for_settlement() -> dict:
    deadline = timezone.now() - timedelta(days=settings.AFTERSALES_WINDOW_DAYS)
    return {"status": S.COMPLETED, "settled_at__isnull": True, "completed_at__lte": deadline}


def cancel_if_expired(order_id: int) -> bool:
    with transaction.atomic():
        order = _lock_due(order_id, **expired_unpaid())
        if order is None:
            return False
        _cancel_unpaid(order, reason=_("超时未付款，系统自动取消"))
    return True


def confirm_if_due(order_id: int) -> bool:
    with transaction.atomic():
        order = _lock_due(order_id, **due_for_confirmation())
        if order is None:
            return False
        transition(order, S.COMPLETED, reason=_("发货后超时未确认，系统自动确认收货"))
    return True


def settle_if_due(order_id: int) -> bool:
    """Escrow → the shop's payable minus commission on the goods actually kept, once; each
    line at the commission rate it was placed with (its shop's tier rate for its category).
    The platform's and joint partners' share of the discounts is paid in with it."""
    with transaction.atomic():
        order = _lock_due(order_id, **due_for_settlement())
        if order is None:
            return False
        lines = list(order.lines.all())
        if any(line.cancelled_at and line.refunded < line.total for line in lines):
            return False  # a line refund is still on its way: settle once it is back
        refunded_outside_lines = order.refunded - sum(line.refunded for line in lines)
        shares = settlement_shares(
            order.breakdown.get("funding", {}),
            {line.sku_id: _kept(line) for line in lines if not line.is_gift},
            order_kept=(order.total - order.refunded, order.total),
        )
        settle_order(
            order_ref=f"order:{order.pk}",
            shop_id=order.shop_id,
            paid=order.total,
            refunded=order.refunded,
            freight=max(0, order.freight - refunded_outside_lines),
            line_goods=_settled_goods(lines, shares),
            platform_discount=shares.platform,
            partner_shares=sorted(shares.partners.items()),
        )
        order.settled_at = timezone.now()
        order.save(update_fields=["settled_at"])
    return True


def _settled_goods(lines: list[OrderLine], shares: Shares) -> list[tuple[int, int]]:
    """(goods the shop settles, commission rate) per line: what the buyer kept of it plus what
    the platform and partners pay for its discounts."""
    return [
        (line.total - line.refunded + (0 if line.is_gift else shares.by_sku[line.sku_id]),
         line.commission_rate_bp)
        for line in lines
    ]  # fmt: skip


def _kept(line: OrderLine) -> tuple[int, int]:
    """(what the buyer kept of the line, its total); a line refunded before shipment keeps
    nothing even when it cost 0."""
    if line.cancelled_at:
        return 0, max(line.total, 1)
    return line.total - line.refunded, line.total


def _lock_due(order_id: int, **conditions) -> Order | None:
    """The order if it still meets the sweep's conditions and no other worker holds it."""
    return (
        Order.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("shop")
        .filter(pk=order_id, **conditions)
        .first()
    )
