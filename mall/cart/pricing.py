"""Everything the engine prices a cart with besides its lines: who buys, when, the running
promotions, their price lists and coupons, and the gifts' stock. Read here once per pricing so
the cart page, the checkout page and placing the order price the same way."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from mall.catalog.models import Sku
from mall.coupons import selectors as coupon_selectors
from mall.membership import selectors as membership_selectors
from mall.pricing import PriceBreakdown, PricingLine, PricingRequest, price_checkout
from mall.pricing.freight import FreightTemplate
from mall.pricing.rules import (
    ANONYMOUS,
    Coupon,
    OrderKind,
    OrderRule,
    PriceListEntry,
    Rule,
    Shopper,
)
from mall.promotions import selectors as promotion_selectors


@dataclass(frozen=True)
class PricingContext:
    moment: datetime
    shopper: Shopper = ANONYMOUS
    rules: tuple[Rule, ...] = ()
    price_lists: tuple[PriceListEntry, ...] = ()
    coupons: tuple[Coupon, ...] = ()
    gift_stock: dict[int, int] = field(default_factory=dict)

    def price(
        self,
        lines: tuple[PricingLine, ...],
        templates: dict[int, FreightTemplate | None],
        *,
        region_code: str | None = None,
        coupon_choice: tuple[int, ...] | None = None,
    ) -> PriceBreakdown:
        return price_checkout(
            PricingRequest(
                lines=lines,
                freight_templates=templates,
                region_code=region_code,
                moment=self.moment,
                shopper=self.shopper,
                price_lists=self.price_lists,
                rules=self.rules,
                coupons=self.coupons,
                coupon_choice=coupon_choice,
                gift_stock=self.gift_stock,
            )
        )


def context_for(user, sku_ids: Iterable[int], *, moment: datetime | None = None) -> PricingContext:
    """The pricing context of `user` (None or anonymous: the public) buying these SKUs now."""
    moment = moment or timezone.now()
    rules = promotion_selectors.active_rules()
    signed_in = user is not None and user.is_authenticated
    shopper = membership_selectors.shopper_for(user if signed_in else None)
    return PricingContext(
        moment=moment,
        shopper=shopper,
        rules=rules,
        price_lists=membership_selectors.price_lists_for(shopper, list(sku_ids)),
        coupons=coupon_selectors.wallet_for_pricing(user, moment) if signed_in else (),
        gift_stock=_gift_stock(rules),
    )


def _gift_stock(rules: tuple[Rule, ...]) -> dict[int, int]:
    gift_ids = {
        rule.gift_sku_id
        for rule in rules
        if isinstance(rule, OrderRule) and rule.kind is OrderKind.GIFT and rule.gift_sku_id
    }
    if not gift_ids:
        return {}
    return dict(Sku.objects.filter(pk__in=gift_ids, is_active=True).values_list("pk", "stock"))
