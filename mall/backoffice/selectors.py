"""Reads for the back office's pages, each scoped to one shop and costing a fixed number of
queries whatever the shop's size."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from mall.backoffice.models import ShopProfile
from mall.catalog import selectors as catalog_selectors
from mall.catalog.models import Sku
from mall.merchants.models import Shop, ShopMember
from mall.orders.models import Order, OrderStatus

CHART_DAYS = (7, 30)
LOW_STOCK_THRESHOLD = 10
LOW_STOCK_LIMIT = 8


@dataclass(frozen=True)
class DayTotal:
    day: dt.date
    orders: int  # paid that day (Asia/Shanghai), whatever happened to them since
    sales: int  # fen: what those orders were paid


@dataclass(frozen=True)
class Dashboard:
    days: list[DayTotal]  # oldest first; the last one is today
    to_ship: int  # paid, not yet shipped in full
    refunding: int  # a refund asked for and not yet through (pending, or refused by the gateway)
    low_stock: list[Sku]

    @property
    def today(self) -> DayTotal:
        return self.days[-1]


def dashboard(shop: Shop, days: int = 7) -> Dashboard:
    """The 工作台's numbers in three queries: sales by day, open work, low stock."""
    return Dashboard(
        days=sales_by_day(shop, days),
        **_open_work(shop),
        low_stock=catalog_selectors.low_stock_skus(shop, LOW_STOCK_THRESHOLD, LOW_STOCK_LIMIT),
    )


def sales_by_day(shop: Shop, days: int) -> list[DayTotal]:
    """Orders paid on each of the last `days` local days (today included), zero days too."""
    today = timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    rows = (
        Order.objects.filter(shop=shop, paid_at__gte=since)
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(orders=Count("id"), sales=Sum("total"))
        .order_by()
    )
    by_day = {row["day"]: row for row in rows}
    totals = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        row = by_day.get(day, {})
        totals.append(DayTotal(day, row.get("orders", 0), row.get("sales") or 0))
    return totals


def _open_work(shop: Shop) -> dict[str, int]:
    statuses = (OrderStatus.PAID, OrderStatus.REFUNDING)
    return Order.objects.filter(shop=shop, status__in=statuses).aggregate(
        to_ship=Count("id", filter=Q(status=OrderStatus.PAID)),
        refunding=Count("id", filter=Q(status=OrderStatus.REFUNDING)),
    )


def shop_profile(shop: Shop) -> ShopProfile:
    """The shop's profile, unsaved and empty when the merchant never filled it in."""
    return ShopProfile.objects.filter(shop=shop).first() or ShopProfile(shop=shop)


def staff_of(shop: Shop) -> list[ShopMember]:
    """The shop's members, owner first, then by when they joined."""
    members = ShopMember.objects.filter(shop=shop).select_related("user")
    return sorted(members, key=lambda m: (m.role != ShopMember.Role.OWNER, m.created_at, m.pk))
