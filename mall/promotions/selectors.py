"""Reads of promotions: the engine's rules (cached per process behind a version number in the
Django cache), the products a promotion's scope covers, the campaigns the storefront shows and
what each promotion has given so far."""

import time
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from mall.catalog.models import Category, Product, Sku
from mall.pricing import next_change
from mall.pricing.rules import (
    Audience,
    Basis,
    CatalogueKind,
    CatalogueRule,
    OrderKind,
    OrderRule,
    Rule,
    Schedule,
    ShippingRule,
    Tier,
    Window,
)
from mall.promotions.models import Promotion, PromotionUsage, SpecialPrice

VERSION_KEY = "promotions:rules-version"
Status = Promotion.Status
ACTIVE_STATUSES = (Status.RUNNING,)
LANDING_STATUSES = (Status.RUNNING, Status.EXHAUSTED)

_memo: tuple[int, tuple[Rule, ...]] | None = None
_next_change_memo: tuple[tuple[Rule, ...], datetime, datetime | None] | None = None


# --- the engine's rules -----------------------------------------------------------------------


def rules_version() -> int:
    """The current version of the rules. A fresh cache starts from the clock, so a process
    never mistakes its remembered rules for a version the cache handed out again."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_rules_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def active_rules() -> tuple[Rule, ...]:
    """Every running rule not yet past its end, as the engine's rules with `budget_left`
    filled (scheduled ones included: the engine checks schedules and windows). No query when
    this process already built this version."""
    global _memo
    version = rules_version()
    memo = _memo
    if memo is not None and memo[0] == version:
        return memo[1]
    now = timezone.now()
    rows = with_rule_rows(Promotion.objects.filter(status__in=ACTIVE_STATUSES)).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    rules = tuple(rule_for(promotion) for promotion in rows.order_by("pk"))
    _memo = (version, rules)
    return rules


def next_rules_change(rules: tuple[Rule, ...], now: datetime) -> datetime | None:
    """`pricing.next_change(rules, now)`, remembered for this tuple of rules: nothing changes
    between the moment it was worked out and the change it found, so the answer holds for any
    `now` in that stretch (scanning a week of windows on every uncached product page costs
    more than the rest of its promotion block)."""
    global _next_change_memo
    memo = _next_change_memo
    if memo is not None:
        known_rules, worked_out, change = memo
        if known_rules is rules and worked_out <= now and (change is None or now < change):
            return change
    change = next_change(rules, now)
    _next_change_memo = (rules, now, change)
    return change


def with_rule_rows(promotions: QuerySet[Promotion]) -> QuerySet[Promotion]:
    """The rows `rule_for` reads, fetched with the promotions (4 queries for any number)."""
    return promotions.select_related("gift_sku").prefetch_related(
        "windows", "joint_shares", Prefetch("special_prices", SpecialPrice.objects.order_by("pk"))
    )


def rule_for(promotion: Promotion) -> Rule:
    """One promotion as the engine's rule (draft or not: the admin's preview prices drafts)."""
    common = {
        "key": promotion.key,
        "name": promotion.name,
        "scope": promotion.to_scope(),
        "audience": Audience(
            min_member_rank=promotion.min_member_rank,
            groups=frozenset(promotion.audience_groups),
            tags=frozenset(promotion.audience_tags),
            new_shoppers_only=promotion.new_shoppers_only,
        ),
        "schedule": Schedule(
            starts_at=promotion.starts_at,
            ends_at=promotion.ends_at,
            windows=tuple(
                Window(start=w.start, end=w.end, weekdays=frozenset(w.weekdays))
                for w in promotion.windows.all()
            ),
        ),
        "shop_id": promotion.shop_id,
        "funding": tuple((share.shop_id, share.share_bp) for share in promotion.joint_shares.all()),
        "exclusive_group": promotion.exclusive_group or None,
        "priority": promotion.priority,
        "budget_left": promotion.budget_left,
    }
    Kind = Promotion.Kind
    if promotion.kind in Promotion.CATALOGUE_KINDS:
        return CatalogueRule(
            **common,
            kind=CatalogueKind(promotion.kind),
            discount_bp=promotion.discount_bp,
            amount=promotion.amount,
            special_prices={sp.sku_id: sp.unit_price for sp in promotion.special_prices.all()},
        )
    if promotion.kind == Kind.FREE_SHIPPING:
        return ShippingRule(
            **common,
            basis=Basis(promotion.basis),
            threshold=promotion.threshold,
            region_prefixes=tuple(promotion.region_prefixes),
        )
    gift = promotion.gift_sku
    return OrderRule(
        **common,
        kind=OrderKind(promotion.kind),
        basis=Basis(promotion.basis),
        tiers=tuple(Tier(threshold=t, value=v) for t, v in promotion.tiers),
        repeat=promotion.repeat,
        repeat_cap=promotion.repeat_cap,
        gift_sku_id=gift.pk if gift else None,
        gift_shop_id=gift.shop_id if gift else None,
        gift_quantity=promotion.gift_quantity,
        nth=promotion.nth,
        discount_bp=promotion.discount_bp,
    )


# --- what a promotion covers ------------------------------------------------------------------


def scope_filter(promotion: Promotion) -> Q:
    """The products a promotion's scope (and its shop, and for 特价 its SKUs) can touch."""
    p = promotion
    q = Q()
    if p.shop_id:
        q &= Q(shop_id=p.shop_id)
    if p.scope_shop_ids:
        q &= Q(shop_id__in=p.scope_shop_ids)
    if p.scope_category_ids:
        ids = p.scope_category_ids
        q &= (
            Q(category_id__in=ids)
            | Q(category__parent_id__in=ids)
            | Q(category__parent__parent_id__in=ids)
        )
    if p.scope_brand_ids:
        q &= Q(brand_id__in=p.scope_brand_ids)
    if p.scope_product_ids:
        q &= Q(pk__in=p.scope_product_ids)
    if p.scope_sku_ids:
        q &= Q(pk__in=Sku.objects.filter(pk__in=p.scope_sku_ids).values("product_id"))
    if p.scope_tags:
        tagged = Q()
        for tag in p.scope_tags:
            tagged |= Q(**{f"is_{tag}": True})
        q &= tagged
    if p.kind == Promotion.Kind.SPECIAL:
        specials = SpecialPrice.objects.filter(promotion_id=p.pk).values("sku__product_id")
        q &= Q(pk__in=specials)
    if p.scope_excluded_product_ids:
        q &= ~Q(pk__in=p.scope_excluded_product_ids)
    return q


def covers_everything(promotion: Promotion) -> bool:
    return (
        not promotion.shop_id
        and promotion.scope_is_everything
        and (promotion.kind != Promotion.Kind.SPECIAL)
    )


def scope_product_ids(promotion: Promotion) -> list[int] | None:
    """The ids of the products in scope; None when it is every product."""
    if covers_everything(promotion):
        return None
    return list(Product.objects.filter(scope_filter(promotion)).values_list("pk", flat=True))


def category_paths() -> dict[int, tuple[int, ...]]:
    """Each category's id and its ancestors' ids, leaf first (the tree is small: one query)."""
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    paths = {}
    for pk in parents:
        chain, node = [], pk
        while node is not None:
            chain.append(node)
            node = parents.get(node)
        paths[pk] = tuple(chain)
    return paths


# --- the storefront's campaigns ---------------------------------------------------------------


def _live(promotions: QuerySet[Promotion]) -> QuerySet[Promotion]:
    now = timezone.now()
    return promotions.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def home_campaigns(limit: int = 3) -> list[Promotion]:
    """Running campaigns with a banner that the operator put on the home page, started."""
    now = timezone.now()
    rows = _live(Promotion.objects.filter(status=Status.RUNNING, show_on_home=True))
    rows = rows.exclude(banner="").filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
    return list(rows.order_by("-priority", "-pk")[:limit])


def running_campaigns() -> list[Promotion]:
    """The /campaigns/ index: every running platform or shop promotion not yet over."""
    rows = with_rule_rows(_live(Promotion.objects.filter(status=Status.RUNNING)))
    return list(rows.order_by("-show_on_home", "-priority", "-pk"))


def campaign(slug: str) -> Promotion:
    """A campaign's landing page: 404 for drafts, paused, ended and past campaigns."""
    rows = _live(Promotion.objects.filter(slug=slug, status__in=LANDING_STATUSES))
    promotion = with_rule_rows(rows).select_related("shop").first()
    if promotion is None:
        raise Http404
    return promotion


def campaign_products(promotion: Promotion) -> QuerySet[Product]:
    """Visible products in the campaign's scope, best sellers first, with what a card shows."""
    rows = Product.objects.visible().filter(scope_filter(promotion)).select_related("shop")
    return rows.order_by("-sales_count", "-pk")


# --- what promotions gave ---------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    orders: int
    amount: int


def usage_of(promotion: Promotion) -> Usage:
    """Orders and fen given so far (cancelled unpaid orders' usage given back excluded)."""
    totals = PromotionUsage.objects.filter(promotion=promotion, released_at__isnull=True).aggregate(
        orders=Count("pk"), amount=Sum("amount")
    )
    return Usage(orders=totals["orders"], amount=totals["amount"] or 0)


def with_usage(promotions: QuerySet[Promotion]) -> QuerySet[Promotion]:
    """Annotate `usage_orders` and `usage_amount` (for lists)."""
    kept = Q(usages__released_at__isnull=True)
    return promotions.annotate(
        usage_orders=Count("usages", filter=kept), usage_amount=Sum("usages__amount", filter=kept)
    )


def shop_promotions(shop_id: int, status: str = "") -> QuerySet[Promotion]:
    rows = Promotion.objects.filter(shop_id=shop_id)
    if status:
        rows = rows.filter(status=status)
    return with_usage(rows).order_by("-pk")


def shop_promotion(shop_id: int, pk: int) -> Promotion:
    """One of the shop's own promotions (404 for any other)."""
    promotion = with_rule_rows(Promotion.objects.filter(shop_id=shop_id, pk=pk)).first()
    if promotion is None:
        raise Http404
    return promotion


def status_counts(shop_id: int) -> dict[str, int]:
    rows = Promotion.objects.filter(shop_id=shop_id).values_list("status").annotate(n=Count("pk"))
    return dict(rows.order_by())
