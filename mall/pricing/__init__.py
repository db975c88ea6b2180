"""Pure pricing: cart lines, price lists, rules and coupons in; an explained breakdown out.
No Django (see docs/promotions.md, "The engine")."""

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import (
    Adjustment,
    AppliedRule,
    CouponOption,
    Explanation,
    GiftLine,
    Hint,
    PriceBreakdown,
    PricedLine,
    PricingLine,
    PricingRequest,
    Problem,
    ShopPrice,
)
from mall.pricing.engine import LAYERS, Step, WorkingState, price_checkout
from mall.pricing.listing import (
    applicable_rules,
    catalogue_price,
    rules_for_any,
    sku_items,
    tag_of,
)
from mall.pricing.rules import (
    ANONYMOUS,
    Layer,
    PriceListEntry,
    Rule,
    Shopper,
)
from mall.pricing.schedule import next_change, schedule_active, window_end

__all__ = [
    "ANONYMOUS",
    "LAYERS",
    "Adjustment",
    "AppliedRule",
    "CouponOption",
    "Explanation",
    "GiftLine",
    "Hint",
    "Layer",
    "PriceBreakdown",
    "PriceListEntry",
    "PricedLine",
    "PricingLine",
    "PricingRequest",
    "Problem",
    "Rule",
    "ShopPrice",
    "Shopper",
    "Step",
    "WorkingState",
    "allocate",
    "applicable_rules",
    "catalogue_price",
    "next_change",
    "price_checkout",
    "rules_for_any",
    "schedule_active",
    "sku_items",
    "tag_of",
    "window_end",
]
