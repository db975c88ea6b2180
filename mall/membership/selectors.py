"""Reads: the shopper as pricing sees them, the price-list entries that concern them, member
levels and a shopper's progress, spend per period, and the seller's price-list pages."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from mall.catalog.models import Product, Sku
from mall.membership.models import (
    CustomerGroup,
    CustomerProfile,
    GroupPrice,
    MemberLevel,
    MemberPrice,
    MinimumOrderQuantity,
    SpendRecord,
)
from mall.pricing import rules

# --- pricing ----------------------------------------------------------------------------------


def shopper_for(user) -> rules.Shopper:
    """The buyer for pricing, in one query (none for visitors: `ANONYMOUS`). A shopper without a
    profile has never paid: new, ordinary, in no group."""
    if user is None or not getattr(user, "is_authenticated", False):
        return rules.ANONYMOUS
    row = (
        CustomerProfile.objects.filter(user_id=user.pk)
        .values_list("member_rank", "group__code", "tags", "cumulative_spend", "paid_orders")
        .first()
    )
    if row is None:
        return rules.Shopper()
    rank, group, tags, spend, paid_orders = row
    return rules.Shopper(
        member_rank=rank, group=group, tags=frozenset(tags or ()), cumulative_spend=spend,
        is_new=paid_orders == 0,
    )  # fmt: skip


def price_lists_for(
    shopper: rules.Shopper, sku_ids: Iterable[int]
) -> tuple[rules.PriceListEntry, ...]:
    """The entries of these SKUs that concern this shopper: their group's ladder steps and
    minimum quantities, and the member prices of their rank and below. One query per kind at
    most (none for a retail visitor). A group or member price the SKU's list price has since
    dropped to or below is left out: it would not be a discount any more."""
    ids = set(sku_ids)
    if not ids:
        return ()
    entries: list[rules.PriceListEntry] = []
    if shopper.group:
        entries += _group_prices(shopper.group, ids)
        entries += _minimums(shopper.group, ids)
    if shopper.member_rank >= 1:
        entries += _member_prices(shopper.member_rank, ids)
    return tuple(entries)


def _below_list_price() -> Q:
    return Q(unit_price__lt=F("sku__price"))


def _group_prices(group: str, sku_ids: set[int]) -> list[rules.GroupPrice]:
    rows = (
        GroupPrice.objects.filter(_below_list_price(), group__code=group, sku_id__in=sku_ids)
        .order_by("sku_id", "min_quantity")
        .values_list("sku_id", "unit_price", "min_quantity")
    )
    return [rules.GroupPrice(sku_id, group, price, quantity) for sku_id, price, quantity in rows]


def _minimums(group: str, sku_ids: set[int]) -> list[rules.MinimumQuantity]:
    rows = (
        MinimumOrderQuantity.objects.filter(group__code=group, sku_id__in=sku_ids)
        .order_by("sku_id")
        .values_list("sku_id", "quantity")
    )
    return [rules.MinimumQuantity(sku_id, group, quantity) for sku_id, quantity in rows]


def _member_prices(rank: int, sku_ids: set[int]) -> list[rules.MemberPrice]:
    rows = (
        MemberPrice.objects.filter(_below_list_price(), min_rank__lte=rank, sku_id__in=sku_ids)
        .order_by("sku_id", "min_rank")
        .values_list("sku_id", "min_rank", "unit_price")
    )
    return [rules.MemberPrice(sku_id, min_rank, price) for sku_id, min_rank, price in rows]


def member_price_sku_ids(sku_ids: Iterable[int]) -> set[int]:
    """Which of these SKUs have a member price (the 会员价 tag), in one query."""
    ids = set(sku_ids)
    if not ids:
        return set()
    rows = MemberPrice.objects.filter(_below_list_price(), sku_id__in=ids).values_list("sku_id")
    return {sku_id for (sku_id,) in rows}


# --- levels and spend -------------------------------------------------------------------------


def levels() -> list[MemberLevel]:
    return list(MemberLevel.objects.order_by("rank"))


def groups() -> list[CustomerGroup]:
    return list(CustomerGroup.objects.order_by("pk"))


def earned_rank(spend: int) -> int:
    """The highest rank whose threshold this cumulative spend reaches (0 without levels)."""
    reached = MemberLevel.objects.filter(threshold__lte=spend).order_by("-rank")
    return reached.values_list("rank", flat=True).first() or 0


def profile_of(user) -> CustomerProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CustomerProfile.objects.select_related("group").filter(user_id=user.pk).first()


@dataclass(frozen=True)
class LevelProgress:
    """A shopper's level and the way to the next one. `percent` is how far their spend has come
    from the current level's threshold to the next one's (100 at the top level)."""

    spend: int
    paid_orders: int
    current: MemberLevel | None
    next: MemberLevel | None
    to_go: int
    percent: int
    locked: bool
    group: CustomerGroup | None
    levels: list[MemberLevel]


def level_progress(user) -> LevelProgress:
    profile = profile_of(user)
    spend = profile.cumulative_spend if profile else 0
    rank = profile.member_rank if profile else 0
    all_levels = levels()
    current = next((lv for lv in reversed(all_levels) if lv.rank <= rank), None)
    upcoming = next((lv for lv in all_levels if lv.rank > rank), None)
    return LevelProgress(
        spend=spend,
        paid_orders=profile.paid_orders if profile else 0,
        current=current,
        next=upcoming,
        to_go=max(0, upcoming.threshold - spend) if upcoming else 0,
        percent=_percent(spend, current, upcoming),
        locked=bool(profile and profile.level_locked),
        group=profile.group if profile else None,
        levels=all_levels,
    )


def _percent(spend: int, current: MemberLevel | None, upcoming: MemberLevel | None) -> int:
    if upcoming is None:
        return 100
    start = current.threshold if current else 0
    span = upcoming.threshold - start
    if span <= 0:
        return 0
    return max(0, min(100, (spend - start) * 100 // span))


def spend_between(user, start: datetime, end: datetime) -> int:
    """The shopper's paid spend in fen with start ≤ paid at < end (every paid order counted
    once, at its payment time)."""
    records = SpendRecord.objects.filter(user_id=user.pk, at__gte=start, at__lt=end)
    return records.aggregate(total=Sum("amount"))["total"] or 0


# --- the seller's price-list pages ------------------------------------------------------------


def seller_price_products(shop, search: str = "", *, priced_only: bool = False):
    """The shop's products, newest first (`priced_only`: those with a price list on any SKU),
    each with its SKUs and their ladders, minimum quantities and member prices prefetched (a
    fixed number of queries per page)."""
    skus = Sku.objects.order_by("position", "pk").prefetch_related(
        Prefetch("group_prices", GroupPrice.objects.select_related("group")),
        Prefetch("minimum_quantities", MinimumOrderQuantity.objects.select_related("group")),
        "member_prices",
    )
    products = Product.objects.filter(shop=shop).order_by("-pk")
    if search:
        products = products.filter(Q(name__icontains=search) | Q(merchant_code__icontains=search))
    if priced_only:
        priced = Sku.objects.filter(
            Q(group_prices__isnull=False)
            | Q(minimum_quantities__isnull=False)
            | Q(member_prices__isnull=False)
        )
        products = products.filter(pk__in=priced.values("product_id"))
    return products.prefetch_related(Prefetch("skus", skus))


def seller_sku(shop, sku_id: int) -> Sku:
    """The shop's SKU or 404: another shop's SKU is indistinguishable from a missing one."""
    return get_object_or_404(Sku.objects.select_related("product"), pk=sku_id, shop=shop)


def sku_price_lists(sku: Sku) -> dict:
    """A SKU's ladders by group code, minimum quantities by group code, member prices by rank."""
    ladders: dict[str, list[tuple[int, int]]] = {}
    for code, quantity, price in (
        GroupPrice.objects.filter(sku=sku)
        .order_by("group_id", "min_quantity")
        .values_list("group__code", "min_quantity", "unit_price")
    ):
        ladders.setdefault(code, []).append((quantity, price))
    minimums = dict(
        MinimumOrderQuantity.objects.filter(sku=sku).values_list("group__code", "quantity")
    )
    member = dict(MemberPrice.objects.filter(sku=sku).values_list("min_rank", "unit_price"))
    return {"ladders": ladders, "minimums": minimums, "member_prices": member}
