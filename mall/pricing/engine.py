"""price_checkout: a pipeline of steps over a mutable working state, then a frozen breakdown.

The steps run the layers in order — base prices, customer-group price list, member price,
catalogue promotions, order promotions, coupons, freight, shipping promotions — each reading
the base the previous one left (see docs/promotions.md, "The engine").
"""

from collections.abc import Callable, Sequence

from mall.pricing.breakdown import PriceBreakdown, PricingRequest
from mall.pricing.freeze import freeze
from mall.pricing.layers.catalogue import price_catalogue
from mall.pricing.layers.coupons import price_coupons
from mall.pricing.layers.order import price_orders
from mall.pricing.layers.price_lists import price_group, price_member
from mall.pricing.layers.shipping import price_freight, price_shipping
from mall.pricing.state import WorkingLine, WorkingShop, WorkingState

Step = Callable[[WorkingState], None]


def explain_goods(state: WorkingState) -> None:
    """Base prices: each line costs its unit price times its quantity."""
    for shop in state.shops:
        quantity = sum(line.line.quantity for line in shop.lines)
        state.explain("goods", shop_id=shop.shop_id, amount=shop.goods, quantity=quantity)


LAYERS: tuple[Step, ...] = (
    explain_goods,
    price_group,
    price_member,
    price_catalogue,
    price_orders,
    price_coupons,
    price_freight,
    price_shipping,
)


def price_checkout(request: PricingRequest, layers: Sequence[Step] = LAYERS) -> PriceBreakdown:
    state = WorkingState.start(request)
    for layer in layers:
        layer(state)
    return freeze(state)


__all__ = ["LAYERS", "Step", "WorkingLine", "WorkingShop", "WorkingState", "price_checkout"]
