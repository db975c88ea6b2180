"""Pure pricing: cart lines and rules in, an explained price breakdown out. No Django."""

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import (
    Explanation,
    PriceBreakdown,
    PricedLine,
    PricingLine,
    PricingRequest,
    ShopPrice,
)
from mall.pricing.engine import LAYERS, Layer, WorkingState, price_checkout

__all__ = [
    "LAYERS",
    "Explanation",
    "Layer",
    "PriceBreakdown",
    "PricedLine",
    "PricingLine",
    "PricingRequest",
    "ShopPrice",
    "WorkingState",
    "allocate",
    "price_checkout",
]
