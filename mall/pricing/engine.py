"""price_checkout: a pipeline of layers over a mutable working state, then a frozen breakdown.

Each layer reads and changes the working state: base prices first, then (issue 5) promotion
layers that add discounts through `WorkingShop.apply_discount`, freight last because free
shipping thresholds look at the amount after discounts.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import (
    Explanation,
    PriceBreakdown,
    PricedLine,
    PricingLine,
    PricingRequest,
    ShopPrice,
)
from mall.pricing.freight import FreightItem, FreightQuote, quote


@dataclass
class WorkingLine:
    line: PricingLine
    discount: int = 0

    @property
    def goods(self) -> int:
        return self.line.goods

    @property
    def total(self) -> int:
        return self.goods - self.discount


@dataclass
class WorkingShop:
    shop_id: int
    lines: list[WorkingLine]
    freight_quote: FreightQuote | None = None

    @property
    def goods(self) -> int:
        return sum(line.goods for line in self.lines)

    @property
    def discount(self) -> int:
        return sum(line.discount for line in self.lines)

    @property
    def payable_goods(self) -> int:
        return self.goods - self.discount

    def apply_discount(self, amount: int) -> None:
        """Take `amount` fen off this shop's goods, spread over its lines by what each still
        costs (largest remainder), so no line goes below zero."""
        if amount > self.payable_goods:
            raise ValueError("a discount cannot exceed what the goods still cost")
        shares = allocate(amount, [line.total for line in self.lines])
        for line, share in zip(self.lines, shares, strict=True):
            line.discount += share


@dataclass
class WorkingState:
    request: PricingRequest
    shops: list[WorkingShop]
    explanations: list[Explanation] = field(default_factory=list)

    def explain(self, code: str, **params: int | str | None) -> None:
        self.explanations.append(Explanation(code, params))


Layer = Callable[[WorkingState], None]


def explain_goods(state: WorkingState) -> None:
    """Base prices: each line costs its unit price times its quantity."""
    for shop in state.shops:
        quantity = sum(line.line.quantity for line in shop.lines)
        state.explain("goods", shop_id=shop.shop_id, amount=shop.goods, quantity=quantity)


def price_freight(state: WorkingState) -> None:
    """Each shop's freight from its template, on what its goods cost after discounts."""
    templates, region = state.request.freight_templates, state.request.region_code
    for shop in state.shops:
        items = [
            FreightItem(quantity=w.line.quantity, weight_grams=w.line.weight_grams, amount=w.total)
            for w in shop.lines
        ]
        shop.freight_quote = quote(templates[shop.shop_id], items, region)
        code = "freight" if shop.freight_quote.deliverable else "undeliverable"
        state.explain(
            code, shop_id=shop.shop_id, fee=shop.freight_quote.fee, reason=shop.freight_quote.reason
        )


LAYERS: tuple[Layer, ...] = (explain_goods, price_freight)


def price_checkout(request: PricingRequest, layers: Sequence[Layer] = LAYERS) -> PriceBreakdown:
    state = WorkingState(request=request, shops=_group_by_shop(request))
    for layer in layers:
        layer(state)
    return _freeze(state)


def _group_by_shop(request: PricingRequest) -> list[WorkingShop]:
    seen: set[int] = set()
    shops: dict[int, WorkingShop] = {}
    for line in request.lines:
        if line.sku_id in seen:
            raise ValueError(f"SKU {line.sku_id} appears on more than one line")
        seen.add(line.sku_id)
        if line.shop_id not in request.freight_templates:
            raise ValueError(f"no freight template given for shop {line.shop_id}")
        shops.setdefault(line.shop_id, WorkingShop(line.shop_id, [])).lines.append(
            WorkingLine(line)
        )
    return list(shops.values())


def _freeze(state: WorkingState) -> PriceBreakdown:
    shops = tuple(_freeze_shop(shop) for shop in state.shops)
    return PriceBreakdown(
        shops=shops,
        goods=sum(shop.goods for shop in shops),
        discount=sum(shop.discount for shop in shops),
        freight=sum(shop.freight for shop in shops),
        total=sum(shop.total for shop in shops),
        deliverable=all(shop.deliverable for shop in shops),
        explanations=tuple(state.explanations),
    )


def _freeze_shop(shop: WorkingShop) -> ShopPrice:
    if shop.freight_quote is None:
        raise ValueError(f"no layer quoted freight for shop {shop.shop_id}")
    lines = tuple(
        PricedLine(
            sku_id=w.line.sku_id,
            quantity=w.line.quantity,
            unit_price=w.line.unit_price,
            goods=w.goods,
            discount=w.discount,
            total=w.total,
        )
        for w in shop.lines
    )
    fee = shop.freight_quote.fee
    return ShopPrice(
        shop_id=shop.shop_id,
        lines=lines,
        goods=shop.goods,
        discount=shop.discount,
        freight=fee,
        freight_quote=shop.freight_quote,
        total=shop.payable_goods + fee,
    )
