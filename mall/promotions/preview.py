"""“This cart would cost …”: the engine prices some SKUs with every running rule plus the one
being previewed (even a draft, even before it starts), for the admin's and the seller's
preview pages."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from mall.catalog.models import Sku
from mall.core.promo_text import adjustment_text, hint_text
from mall.pricing import price_checkout
from mall.pricing.breakdown import (
    PriceBreakdown,
    PricedLine,
    PricingLine,
    PricingRequest,
)
from mall.pricing.rules import Shopper
from mall.promotions import selectors
from mall.promotions.models import Promotion
from mall.shipping.selectors import freight_templates_for_shops

MAX_LINES = 50


@dataclass(frozen=True)
class PreviewLine:
    sku: Sku
    priced: PricedLine
    adjustments: tuple[str, ...]  # worded


@dataclass(frozen=True)
class Preview:
    lines: tuple[PreviewLine, ...]
    breakdown: PriceBreakdown
    hints: tuple[str, ...]
    missing_sku_ids: tuple[int, ...]  # asked for but not found (or not the shop's own)


def parse_lines(text: str) -> dict[int, int]:
    """“12×2, 15” / “12 2\\n15 1” → {12: 2, 15: 1}; what is not a number is skipped."""
    quantities: dict[int, int] = {}
    for chunk in text.replace("，", ",").replace("\n", ",").split(","):
        parts = chunk.replace("×", " ").replace("x", " ").replace("*", " ").split()
        if not parts or not parts[0].isdigit():
            continue
        quantity = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        if quantity > 0:
            quantities[int(parts[0])] = quantities.get(int(parts[0]), 0) + quantity
    return dict(list(quantities.items())[:MAX_LINES])


def preview(
    promotion: Promotion,
    quantities: Mapping[int, int],
    *,
    shopper: Shopper,
    moment: datetime | None = None,
    shop_id: int | None = None,
) -> Preview:
    """Price `quantities` (SKU id → pieces) at `moment` for `shopper`; `shop_id` limits the
    SKUs to one shop's (the seller's preview)."""
    from mall.membership.selectors import price_lists_for

    skus = Sku.objects.filter(pk__in=list(quantities), is_active=True).select_related("product")
    if shop_id is not None:
        skus = skus.filter(shop_id=shop_id)
    found = {sku.pk: sku for sku in skus}
    paths = selectors.category_paths()
    lines = tuple(_line(sku, quantities[pk], paths) for pk, sku in found.items())
    rule = selectors.rule_for(promotion)
    rules = (*(r for r in selectors.active_rules() if r.key != rule.key), rule)
    request = PricingRequest(
        lines=lines,
        freight_templates=freight_templates_for_shops({sku.shop_id for sku in found.values()}),
        moment=moment or timezone.now(),
        shopper=shopper,
        price_lists=price_lists_for(shopper, list(found)),
        rules=rules,
        gift_stock=_gift_stock(rules),
    )
    breakdown = price_checkout(request)
    priced = {line.sku_id: line for shop in breakdown.shops for line in shop.lines}
    lines_out = tuple(
        PreviewLine(found[pk], line, tuple(adjustment_text(a) for a in line.adjustments))
        for pk in found
        if (line := priced.get(pk)) is not None
    )
    return Preview(
        lines=lines_out,
        breakdown=breakdown,
        hints=tuple(hint_text(hint) for hint in breakdown.hints),
        missing_sku_ids=tuple(pk for pk in quantities if pk not in found),
    )


def _line(sku: Sku, quantity: int, paths) -> PricingLine:
    product = sku.product
    return PricingLine(
        sku_id=sku.pk, shop_id=sku.shop_id, category_id=product.category_id,
        brand_id=product.brand_id, quantity=quantity, unit_price=sku.price,
        weight_grams=sku.weight_grams, product_id=product.pk,
        category_path=paths.get(product.category_id, (product.category_id,)), tags=product.tags,
    )  # fmt: skip


def _gift_stock(rules) -> dict[int, int]:
    gift_ids = {r.gift_sku_id for r in rules if getattr(r, "gift_sku_id", None)}
    return dict(Sku.objects.filter(pk__in=gift_ids).values_list("pk", "stock"))
