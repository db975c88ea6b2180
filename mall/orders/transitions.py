"""The order state machine: which status may follow which, and the one function that moves an
order (already row-locked by the caller) and records the move on its timeline."""

from django.utils import timezone
from django.utils.translation import gettext as _

from mall.inventory.services import StockItem, return_stock
from mall.orders.errors import TransitionRefused
from mall.orders.models import Order, OrderEvent, OrderStatus

S = OrderStatus
ALLOWED: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.REFUNDING}),
    S.SHIPPED: frozenset({S.COMPLETED}),
    S.CANCELLED: frozenset({S.REFUNDING}),  # paid after it was cancelled: the money goes back
    S.REFUNDING: frozenset({S.REFUNDED}),
}
STAMPS = {
    S.PAID: "paid_at",
    S.SHIPPED: "shipped_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "cancelled_at",
}


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


def transition(order: Order, target: str, *, actor=None, reason: str = "") -> None:
    """Move a locked order to `target` or raise TransitionRefused. Leaving a stock-holding state
    for cancelled/refunding returns the stock (of lines not already refunded on their own), so
    it happens once, with the state change."""
    if not can_transition(order.status, target):
        raise TransitionRefused(
            _("订单状态为“%(current)s”，不能变为“%(target)s”")
            % {"current": S(order.status).label, "target": S(target).label}
        )
    if order.stock_held and target in {S.CANCELLED, S.REFUNDING}:
        return_stock(
            StockItem(line.sku_id, line.quantity, f"order:{order.pk}")
            for line in order.lines.all()
            if line.sku_id is not None and line.cancelled_at is None
        )
    previous = order.status
    order.status = target
    fields = ["status"]
    if target in STAMPS:
        setattr(order, STAMPS[target], timezone.now())
        fields.append(STAMPS[target])
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order, from_status=previous, to_status=target, actor=actor, reason=reason[:200]
    )


def record(order: Order, reason: str, *, actor=None) -> None:
    """A timeline entry for something that happened to the order without changing its state."""
    OrderEvent.objects.create(
        order=order, from_status=order.status, to_status=order.status, actor=actor,
        reason=reason[:200],
    )  # fmt: skip
