"""Reads about shops, their tiers and money, and the people who work for them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, FilteredRelation, Prefetch, Q
from django.http import Http404

from mall.catalog.models import Category
from mall.ledger import selectors as ledger
from mall.merchants.models import Shop, ShopEvent, ShopMember, Tier, TierCommission
from mall.merchants.permissions import Perm, allows
from mall.orders import selectors as order_selectors

PLATFORM_FEE_ACCOUNT = "revenue:platform_fee"


def payable_account(shop_id: int) -> str:
    return f"payable:{shop_id}"


def deposit_account(shop_id: int) -> str:
    return f"deposit:{shop_id}"


def shop_reference(shop_id: int) -> str:
    """The reference the shop's fee and deposit lines carry."""
    return f"shop:{shop_id}"


def membership_of(user) -> ShopMember | None:
    """The user's place in a shop that is not closed, or None for shoppers and operators."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ShopMember.objects.select_related("shop")
        .exclude(shop__status=Shop.Status.CLOSED)
        .filter(user=user)
        .first()
    )


def require_membership(user, perm: Perm | None = None) -> ShopMember:
    """The seller's membership, or 404 when there is none or its role lacks `perm` (never 403:
    a seller page must not confirm that it exists)."""
    member = membership_of(user)
    if member is None or (perm is not None and not allows(member, perm)):
        raise Http404
    return member


# --- tiers and commission ---------------------------------------------------------------------
def tiers() -> list[Tier]:
    """Every tier in order, each with its category rates (`commissions`) and their categories."""
    overrides = TierCommission.objects.select_related("category")
    return list(Tier.objects.prefetch_related(Prefetch("commissions", queryset=overrides)))


def commission_rate_bp(shop: Shop, category: Category) -> int:
    """The commission rate of the shop for goods of this category (see `commission_rates`)."""
    return commission_rates([(shop.pk, category.pk)])[(shop.pk, category.pk)]


def commission_rates(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(shop id, category id) → basis points, in two queries however many pairs: the rate
    negotiated with the shop if there is one, else its tier's rate for the category's level-1
    ancestor, else its tier's base rate."""
    pairs = set(pairs)
    roots = _level1_ids({category_id for _shop, category_id in pairs})
    override = FilteredRelation(
        "tier__commissions", condition=Q(tier__commissions__category__in=set(roots.values()))
    )
    columns = ("pk", "commission_rate_bp", "tier__commission_rate_bp", "override__category_id",
               "override__rate_bp")  # fmt: skip
    shops = Shop.objects.filter(pk__in={shop_id for shop_id, _category in pairs})
    rows = shops.annotate(override=override).values_list(*columns)
    shop_rates, overrides = {}, {}
    for shop_id, negotiated, tier_rate, category_id, rate in rows:
        shop_rates[shop_id] = (negotiated, tier_rate)
        if category_id is not None:
            overrides[shop_id, category_id] = rate
    rates = {}
    for shop_id, category_id in pairs:
        negotiated, tier_rate = shop_rates[shop_id]
        category_rate = overrides.get((shop_id, roots[category_id]), tier_rate)
        rates[shop_id, category_id] = negotiated if negotiated is not None else category_rate
    return rates


def _level1_ids(category_ids: set[int]) -> dict[int, int]:
    """Category id → the id of its level-1 ancestor (itself at level 1); the tree is 3 deep."""
    rows = Category.objects.filter(pk__in=category_ids).values_list(
        "pk", "parent_id", "parent__parent_id"
    )
    return {pk: grandparent or parent or pk for pk, parent, grandparent in rows}


# --- money ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShopBalances:
    """A shop's money with the mall, in fen: buyers' money held for its unsettled orders, what
    the mall owes it (negative: what it owes the mall), its 保证金 held and still due, and the
    platform fees charged so far."""

    escrow: int
    payable: int
    deposit: int
    deposit_due: int
    fees_paid: int


def balances(shop: Shop) -> ShopBalances:
    deposit = -ledger.account_balance(deposit_account(shop.pk))
    return ShopBalances(
        escrow=ledger.escrow_held(order_selectors.ledger_references(shop.pk)),
        payable=-ledger.account_balance(payable_account(shop.pk)),
        deposit=deposit,
        deposit_due=max(0, shop.tier.deposit - deposit) if shop.status != Shop.Status.CLOSED else 0,
        fees_paid=-ledger.account_total(PLATFORM_FEE_ACCOUNT, shop_reference(shop.pk)),
    )


# --- the operators' overview ------------------------------------------------------------------
@dataclass(frozen=True)
class TierRow:
    tier: Tier
    counts: list[int]  # shops per status, in Shop.Status order
    total: int


@dataclass(frozen=True)
class ShopOverview:
    statuses: list[str]  # labels, in Shop.Status order
    rows: list[TierRow]
    totals: list[int]
    total: int
    opened: int  # shops opened since the overview's start
    gmv: int  # paid since the start, fen


def shop_overview(since: datetime) -> ShopOverview:
    """Shops by tier and status, shops opened and paid GMV since `since`."""
    counted = Shop.objects.order_by().values_list("tier_id", "status").annotate(n=Count("pk"))
    counts = {(tier, status): n for tier, status, n in counted}
    statuses = Shop.Status.values
    rows = []
    for tier in Tier.objects.all():
        per_status = [counts.get((tier.code, status), 0) for status in statuses]
        rows.append(TierRow(tier, per_status, sum(per_status)))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(statuses))]
    opened = ShopEvent.objects.filter(kind=ShopEvent.Kind.OPENED, at__gte=since).count()
    return ShopOverview(
        statuses=list(Shop.Status.labels), rows=rows, totals=totals, total=sum(totals),
        opened=opened, gmv=order_selectors.paid_total(since),
    )  # fmt: skip
