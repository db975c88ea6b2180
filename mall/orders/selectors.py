"""Reads of orders for buyers and sellers. Every lookup by order number is scoped to the
asking buyer or shop: anyone else's order does not exist (404)."""

from datetime import datetime

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404

from mall.orders.models import Order, OrderStatus

S = OrderStatus
# The list tabs (buyer and seller): slug → statuses shown ("" = all).
STATUS_TABS: dict[str, tuple[str, ...]] = {
    "": (),
    "unpaid": (S.PENDING_PAYMENT,),
    "paid": (S.PAID,),
    "shipped": (S.SHIPPED,),
    "completed": (S.COMPLETED,),
    "cancelled": (S.CANCELLED, S.REFUNDING, S.REFUNDED),
}


def _with_lines(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("shop").prefetch_related("lines")


def buyer_orders(user, tab: str = "") -> QuerySet[Order]:
    orders = Order.objects.filter(buyer=user, deleted_by_buyer=False)
    statuses = STATUS_TABS.get(tab, ())
    if statuses:
        orders = orders.filter(status__in=statuses)
    return _with_lines(orders).order_by("-id")


def buyer_order(user, no: str) -> Order:
    order = (
        Order.objects.filter(buyer=user, no=no, deleted_by_buyer=False)
        .select_related("shop")
        .prefetch_related("lines", "events", "shipments__lines__line")
        .first()
    )
    if order is None:
        raise Http404
    return order


def shop_orders(shop_id: int, tab: str = "", search: str = "") -> QuerySet[Order]:
    orders = Order.objects.filter(shop_id=shop_id)
    statuses = STATUS_TABS.get(tab, ())
    if statuses:
        orders = orders.filter(status__in=statuses)
    search = search.strip()
    if search:
        orders = orders.filter(
            Q(no=search)
            | Q(address__mobile=search)
            | Q(address__consignee=search)
            | Q(lines__product_name__icontains=search)
        ).distinct()
    return _with_lines(orders).order_by("-id")


def shop_order(shop_id: int, no: str) -> Order:
    order = (
        Order.objects.filter(shop_id=shop_id, no=no)
        .select_related("shop", "buyer")
        .prefetch_related("lines", "events", "shipments__lines__line")
        .first()
    )
    if order is None:
        raise Http404
    return order


# --- a shop's orders as money (merchants' balances and the operators' merchant list) ---------
NOTHING_TO_SETTLE = (S.CANCELLED, S.REFUNDED)


def unsettled_orders(shop_id: int) -> QuerySet[Order]:
    """The shop's orders whose money is not settled yet: unpaid, under way, being refunded, or
    completed and waiting for the after-sales window."""
    return Order.objects.filter(shop_id=shop_id, settled_at__isnull=True).exclude(
        status__in=NOTHING_TO_SETTLE
    )


def ledger_references(shop_id: int) -> QuerySet:
    """The shop's orders as the ledger names them ("order:<id>"), as a subquery."""
    return (
        Order.objects.filter(shop_id=shop_id)
        .annotate(reference=Concat(Value("order:"), Cast("pk", CharField())))
        .values("reference")
    )


def shop_sales(since: datetime | None = None) -> dict[str, Subquery]:
    """Per shop (OuterRef "pk"): paid GMV in fen and the number of paid orders, since `since`
    when given — annotations for a list of shops, one subquery each."""
    paid = Order.objects.filter(shop_id=OuterRef("pk"), paid_at__isnull=False)
    if since is not None:
        paid = paid.filter(paid_at__gte=since)
    per_shop = paid.order_by().values("shop_id")
    return {
        "gmv": Coalesce(Subquery(per_shop.annotate(v=Sum("total")).values("v")), 0),
        "orders": Coalesce(Subquery(per_shop.annotate(v=Count("pk")).values("v")), 0),
    }


def paid_total(since: datetime) -> int:
    """Fen of every order paid since `since` (the mall's GMV)."""
    paid = Order.objects.filter(paid_at__gte=since)
    return paid.aggregate(total=Sum("total"))["total"] or 0
