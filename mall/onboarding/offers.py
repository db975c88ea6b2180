"""What the 招商 page offers: the tiers (from merchants) as a table a merchant can compare, with
the commission of every level-1 category under each tier."""

from dataclasses import dataclass

from mall.catalog.selectors import active_categories
from mall.merchants.selectors import tiers


@dataclass(frozen=True)
class CategoryRates:
    category: str
    rates_bp: tuple[int, ...]  # one per tier, in the tiers' order


@dataclass(frozen=True)
class LandingOffer:
    tiers: list
    rates: list[CategoryRates]


def landing_offer() -> LandingOffer:
    offered = tiers()
    categories = active_categories().filter(level=1).order_by("position", "pk")
    overrides = [
        {row.category_id: row.rate_bp for row in tier.commissions.all()} for tier in offered
    ]
    rates = [
        CategoryRates(
            category=category.name,
            rates_bp=tuple(
                override.get(category.pk, tier.commission_rate_bp)
                for tier, override in zip(offered, overrides, strict=True)
            ),
        )
        for category in categories
    ]
    return LandingOffer(tiers=offered, rates=rates)
