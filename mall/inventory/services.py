"""Taking and returning stock. Both run inside the caller's transaction (the order's), so the
stock moves exactly when the order does; a database CHECK keeps stock ≥ 0 whatever happens."""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mall.catalog.models import Sku
from mall.catalog.services import refresh_stock_totals
from mall.inventory.models import StockMovement

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StockItem:
    sku_id: int
    quantity: int
    reference: str  # what the movement is for, e.g. "order:12"


class OutOfStock(Exception):
    """A SKU had less stock than asked for; nothing was taken."""

    def __init__(self, sku_id: int, message: str):
        super().__init__(message)
        self.sku_id = sku_id
        self.message = message


def take_stock(items: Iterable[StockItem], *, savepoint: bool = True) -> None:
    """Take every item's quantity or nothing: one conditional UPDATE per SKU in pk order (so
    two checkouts never wait on each other in a cycle). Raises OutOfStock naming the SKU.

    A short SKU undoes the ones already taken by rolling back to a savepoint; a caller whose
    whole transaction fails with it anyway passes `savepoint=False` (two queries fewer): the
    enclosing transaction is then marked for rollback and can never commit a partial take."""
    items = list(items)
    wanted = _merge(items)
    with transaction.atomic(savepoint=savepoint):
        for sku_id, quantity in wanted.items():
            taken = Sku.objects.filter(pk=sku_id, stock__gte=quantity).update(
                stock=F("stock") - quantity
            )
            if not taken:
                raise OutOfStock(sku_id, _shortage_message(sku_id, quantity))
        _record(items, -1, StockMovement.Reason.ORDER_PLACED)
    _refresh_totals_after_commit(wanted)


def return_stock(items: Iterable[StockItem]) -> None:
    """Put the items back. The caller guarantees once-only by doing it in the same transaction
    as the order's state change away from a stock-holding state."""
    items = list(items)
    returned = _merge(items)
    for sku_id, quantity in returned.items():
        Sku.objects.filter(pk=sku_id).update(stock=F("stock") + quantity)
    _record(items, 1, StockMovement.Reason.ORDER_CANCELLED)
    _refresh_totals_after_commit(returned)


def _merge(items: list[StockItem]) -> dict[int, int]:
    """Quantities per SKU, in pk order; a non-positive quantity is a programming error."""
    merged: Counter[int] = Counter()
    for item in items:
        if item.quantity <= 0:
            raise ValueError(f"stock quantity must be positive: {item}")
        merged[item.sku_id] += item.quantity
    return dict(sorted(merged.items()))


def _record(items: list[StockItem], sign: int, reason: str) -> None:
    StockMovement.objects.bulk_create(
        StockMovement(
            sku_id=item.sku_id, delta=sign * item.quantity, reason=reason, reference=item.reference
        )
        for item in items
    )


def _shortage_message(sku_id: int, quantity: int) -> str:
    sku = Sku.objects.select_related("product").filter(pk=sku_id).first()
    if sku is None:
        return _("商品已不存在")
    return _("“%(name)s”库存不足：需要 %(wanted)s 件，仅剩 %(left)s 件") % {
        "name": str(sku),
        "wanted": quantity,
        "left": sku.stock,
    }


def _refresh_totals_after_commit(quantities: dict[int, int]) -> None:
    sku_ids = list(quantities)
    transaction.on_commit(lambda: _refresh_logging_failures(sku_ids))


def _refresh_logging_failures(sku_ids: list[int]) -> None:
    """After commit the order is placed: a failed refresh of derived totals (the next stock
    change recounts them) is logged, never turned into an error for the shopper."""
    try:
        refresh_products_of(sku_ids)
    except DatabaseError:
        logger.exception("inventory: refreshing stock totals of SKUs %s failed", sku_ids)


def refresh_products_of(sku_ids: list[int]) -> None:
    """The listed stock of these SKUs' products follows their SKUs (catalog keeps it)."""
    refresh_stock_totals(Sku.objects.filter(pk__in=sku_ids).values("product_id"))


# --- the seller's own stock edits (盘点, 补货, 损耗 …) -----------------------------------------

SELLER_REASONS = (
    StockMovement.Reason.STOCKTAKE,
    StockMovement.Reason.RESTOCK,
    StockMovement.Reason.LOSS,
    StockMovement.Reason.RETURN,
    StockMovement.Reason.CORRECTION,
)


class StockEditError(Exception):
    """A stock edit the seller must change (the message is shown as is); nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def set_stock(sku: Sku, quantity: int, *, reason: str, actor=None, note: str = "") -> int:
    """Make the SKU's stock `quantity` (a stocktake): the delta is computed under the SKU's row
    lock, so a checkout taking stock meanwhile is never overwritten. Returns the delta."""
    _check_reason(reason)
    if quantity < 0:
        raise StockEditError(_("库存不能为负数"))
    current = Sku.objects.select_for_update().values_list("stock", flat=True).get(pk=sku.pk)
    delta = quantity - current
    if delta and not Sku.objects.filter(pk=sku.pk, stock=current).update(stock=quantity):
        raise StockEditError(_("库存刚刚发生了变化，请刷新后重试"))
    _record_edit(sku, delta, reason, actor, note)
    return delta


@transaction.atomic
def adjust_stock(sku: Sku, delta: int, *, reason: str, actor=None, note: str = "") -> int:
    """Add (补货) or remove (损耗) pieces with one conditional UPDATE; stock never goes below 0.
    Returns the stock after the change."""
    _check_reason(reason)
    if delta == 0:
        raise StockEditError(_("调整数量不能为 0"))
    changed = Sku.objects.filter(pk=sku.pk, stock__gte=max(-delta, 0)).update(
        stock=F("stock") + delta
    )
    if not changed:
        left = Sku.objects.values_list("stock", flat=True).get(pk=sku.pk)
        raise StockEditError(
            _("库存不足：当前 %(left)s 件，不能减少 %(n)s 件") % {"left": left, "n": -delta}
        )
    _record_edit(sku, delta, reason, actor, note)
    return Sku.objects.values_list("stock", flat=True).get(pk=sku.pk)


def record_initial_stock(skus: Iterable[Sku], *, actor=None) -> None:
    """The stock new SKUs start with, as movements (so the history adds up to the stock)."""
    StockMovement.objects.bulk_create(
        StockMovement(sku=sku, delta=sku.stock, reason=StockMovement.Reason.INITIAL, actor=actor)
        for sku in skus
        if sku.stock > 0
    )


def _check_reason(reason: str) -> None:
    if reason not in SELLER_REASONS:
        raise StockEditError(_("请选择库存变动的原因"))


def _record_edit(sku: Sku, delta: int, reason: str, actor, note: str) -> None:
    if delta:
        StockMovement.objects.create(
            sku=sku, delta=delta, reason=reason, reference="", actor=actor, note=note[:200]
        )
        _refresh_totals_after_commit({sku.pk: delta})
