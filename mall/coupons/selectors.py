"""Reads: the wallet for pricing, the shopper's coupon pages, what can be claimed where, the
seller's coupon list, and what the automatic triggers need to know."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Product
from mall.catalog.selectors import category_ancestors
from mall.coupons.models import Channel, CouponTemplate, SpendPeriod, UserCoupon
from mall.merchants.models import Shop
from mall.pricing.matching import scope_admits
from mall.pricing.rules import CatalogueItem, Coupon

Status = CouponTemplate.Status
TABS = {"usable": _("可用"), "used": _("已使用"), "expired": _("已过期")}


# --- pricing ----------------------------------------------------------------------------------


def wallet_for_pricing(user, moment: datetime) -> tuple[Coupon, ...]:
    """The shopper's unused coupons that have not expired at `moment` (ones not started yet
    included: the engine explains them), as the engine's `Coupon`s, ids = wallet row ids."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    wallet = (
        UserCoupon.objects.unexpired(moment)
        .filter(user=user, status=UserCoupon.Status.UNUSED)
        .select_related("template")
        .order_by("pk")
    )
    return tuple(coupon.as_coupon() for coupon in wallet)


# --- my coupons -------------------------------------------------------------------------------


def _tab_filter(tab: str, moment: datetime) -> Q:
    unused = Q(status=UserCoupon.Status.UNUSED)
    not_expired = Q(valid_until__isnull=True) | Q(valid_until__gt=moment)
    return {
        "usable": unused & not_expired,
        "used": Q(status=UserCoupon.Status.USED),
        "expired": unused & ~not_expired,
    }[tab]


def my_coupons(user, tab: str, moment: datetime) -> QuerySet[UserCoupon]:
    """One tab of 我的优惠券: usable soonest-expiring first, the others latest first."""
    coupons = UserCoupon.objects.filter(_tab_filter(tab, moment), user=user).select_related(
        "template__shop"
    )
    if tab == "usable":
        return coupons.order_by(F("valid_until").asc(nulls_last=True), "pk")
    return coupons.order_by("-used_at" if tab == "used" else "-valid_until", "-pk")


def tab_counts(user, moment: datetime) -> dict[str, int]:
    """How many coupons each tab holds, in one query."""
    return UserCoupon.objects.filter(user=user).aggregate(
        **{tab: Count("pk", filter=_tab_filter(tab, moment)) for tab in TABS}
    )


def my_coupon(user, coupon_id: int) -> UserCoupon:
    """The shopper's own coupon or 404 (another shopper's is indistinguishable from none)."""
    return get_object_or_404(
        UserCoupon.objects.select_related("template__shop"), pk=coupon_id, user=user
    )


# --- what can be claimed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Claimable:
    """A public template as a shopper sees it: `held` of theirs, and whether they may still
    take one (`can_claim`), have reached their limit (`claimed`) or it is gone (`sold_out`)."""

    template: CouponTemplate
    held: int = 0

    @property
    def claimed(self) -> bool:
        return self.held >= self.template.per_user_limit

    @property
    def sold_out(self) -> bool:
        return self.template.remaining == 0

    @property
    def can_claim(self) -> bool:
        return not self.claimed and not self.sold_out


def _claimable_templates(moment: datetime) -> QuerySet[CouponTemplate]:
    """Public templates issuing now: active, inside their claim window, validity not over, of
    the platform or of an open shop."""
    return (
        CouponTemplate.objects.filter(channel=Channel.PUBLIC, status=Status.ACTIVE)
        .filter(Q(claim_starts_at__isnull=True) | Q(claim_starts_at__lte=moment))
        .filter(Q(claim_ends_at__isnull=True) | Q(claim_ends_at__gt=moment))
        .filter(Q(valid_days__gt=0) | Q(valid_until__gt=moment))
        .filter(Q(shop__isnull=True) | Q(shop__status=Shop.Status.OPEN))
        .select_related("shop")
    )


def _for_user(templates: Iterable[CouponTemplate], user) -> list[Claimable]:
    templates = list(templates)
    held: dict[int, int] = {}
    if templates and user is not None and getattr(user, "is_authenticated", False):
        rows = (
            UserCoupon.objects.filter(user=user, template__in=templates)
            .values("template_id")
            .annotate(n=Count("pk"))
        )
        held = {row["template_id"]: row["n"] for row in rows}
    return [Claimable(template, held.get(template.pk, 0)) for template in templates]


def centre(user=None) -> list[Claimable]:
    """领券中心: platform coupons first, then shops', each newest first."""
    templates = _claimable_templates(timezone.now()).order_by(
        F("shop_id").asc(nulls_first=True), "-pk"
    )
    return _for_user(templates, user)


def claimable_for_shop(shop: Shop, user=None) -> list[Claimable]:
    """The shop's own public coupons (shown on its page)."""
    return _for_user(_claimable_templates(timezone.now()).filter(shop=shop), user)


def claimable_for_product(product: Product, user=None) -> list[Claimable]:
    """Public coupons of the platform and the product's shop whose scope takes this product."""
    templates = _claimable_templates(timezone.now()).filter(
        Q(shop__isnull=True) | Q(shop_id=product.shop_id)
    )
    items = _catalogue_items(product)
    admitted = [
        template
        for template in templates
        if any(scope_admits(template.to_scope(), template.shop_id, item) for item in items)
    ]
    return _for_user(admitted, user)


def _catalogue_items(product: Product) -> list[CatalogueItem]:
    """The product's SKUs as the engine matches scopes (a coupon for one SKU shows on its
    product's page)."""
    path = tuple(category.pk for category in category_ancestors(product.category))
    return [
        CatalogueItem(
            sku_id=sku_id,
            product_id=product.pk,
            shop_id=product.shop_id,
            category_path=path,
            brand_id=product.brand_id,
            unit_price=price,
            tags=product.tags,
        )
        for sku_id, price in product.skus.values_list("pk", "price")
    ]


def template_for_claim(template_id: int) -> CouponTemplate:
    return get_object_or_404(CouponTemplate, pk=template_id)


# --- the seller's coupons ---------------------------------------------------------------------


def seller_templates(shop: Shop) -> QuerySet[CouponTemplate]:
    """The shop's templates, newest first, with how many were used (`used_count`)."""
    used = Count("issued", filter=Q(issued__status=UserCoupon.Status.USED))
    return CouponTemplate.objects.filter(shop=shop).annotate(used_count=used).order_by("-pk")


def seller_template(shop: Shop, template_id: int) -> CouponTemplate:
    """The shop's template or 404: another shop's is indistinguishable from a missing one."""
    return get_object_or_404(CouponTemplate, pk=template_id, shop=shop)


# --- automatic triggers -----------------------------------------------------------------------


def is_first_paid_checkout(order) -> bool:
    """No order of the buyer was paid before, other than those paid with this one's payment
    (one checkout pays an order per shop)."""
    from mall.orders.models import Order

    earlier = Order.objects.filter(buyer_id=order.buyer_id, paid_at__isnull=False).exclude(
        payment_id=order.payment_id
    )
    return not earlier.exists()


def spend_reward_periods() -> set[str]:
    """The periods active cumulative-spend rewards count in (empty: nothing to compute)."""
    rewards = CouponTemplate.objects.filter(channel=Channel.SPEND_REWARD, status=Status.ACTIVE)
    return set(rewards.values_list("spend_period", flat=True).distinct())


def spend_by_period(user, periods: Iterable[str], *, at: datetime) -> dict[str, int]:
    """The shopper's paid spend in fen, all time and in the year / month of `at` (Shanghai),
    as membership counts it."""
    from mall.membership import selectors as membership

    local = timezone.localtime(at)
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = {SpendPeriod.YEAR: month.replace(month=1), SpendPeriod.MONTH: month}
    spend = {}
    for period in periods:
        if period == SpendPeriod.ALL:
            spend[period] = membership.shopper_for(user).cumulative_spend
        else:
            spend[period] = membership.spend_between(user, starts[period], _next(starts, period))
    return spend


def _next(starts: dict[str, datetime], period: str) -> datetime:
    start = starts[period]
    if period == SpendPeriod.YEAR:
        return start.replace(year=start.year + 1)
    year, month = divmod(start.month, 12)
    return start.replace(year=start.year + year, month=month + 1)


def held_by(user, template: CouponTemplate) -> int:
    """How many of the template's coupons the shopper has been given."""
    return UserCoupon.objects.filter(user=user, template=template).count()
