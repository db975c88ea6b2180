"""Small builders for pricing tests: a cart line, a request, a moment in Shanghai."""

from datetime import datetime, time

from mall.pricing import PricingLine, PricingRequest
from mall.pricing.freight import Basis, FreightRule, FreightTemplate
from mall.pricing.rules import SHANGHAI, Schedule, Window

THURSDAY_EVENING = datetime(2026, 11, 26, 20, 30, tzinfo=SHANGHAI)  # a Thursday, 12:30 UTC


def shanghai(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, Shanghai wall clock (26th = Thursday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def line(
    sku_id: int,
    unit_price: int,
    quantity: int = 1,
    shop_id: int = 1,
    *,
    product_id: int | None = None,
    category_path: tuple[int, ...] = (10, 1),
    brand_id: int | None = None,
    tags: frozenset[str] = frozenset(),
) -> PricingLine:
    return PricingLine(
        sku_id=sku_id, shop_id=shop_id, category_id=category_path[0], brand_id=brand_id,
        quantity=quantity, unit_price=unit_price, weight_grams=500,
        product_id=sku_id if product_id is None else product_id, category_path=category_path,
        tags=tags,
    )  # fmt: skip


def by_piece(fee: int, **options) -> FreightTemplate:
    rule = FreightRule(
        region_codes=frozenset(), first_units=1, first_fee=fee, extra_units=1, extra_fee=0
    )
    return FreightTemplate(template_id=1, name="按件", basis=Basis.PIECE, rules=(rule,), **options)


def request(*lines: PricingLine, freight: int | None = None, **options) -> PricingRequest:
    """A request at THURSDAY_EVENING unless `moment` is given; each shop ships for `freight`
    fen (None = free)."""
    template = None if freight is None else by_piece(freight)
    templates = {pl.shop_id: template for pl in lines}
    options.setdefault("moment", THURSDAY_EVENING)
    return PricingRequest(lines=tuple(lines), freight_templates=templates, **options)


def daily(start: str, end: str, weekdays: frozenset[int] = frozenset()) -> Schedule:
    return Schedule(windows=(Window(time.fromisoformat(start), time.fromisoformat(end), weekdays),))
