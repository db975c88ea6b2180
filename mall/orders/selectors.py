"""Reads of orders for buyers and sellers. Every lookup by order number is scoped to the
asking buyer or shop: anyone else's order does not exist (404)."""

from django.db.models import Q, QuerySet
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
