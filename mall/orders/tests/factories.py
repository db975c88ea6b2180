"""Orders as place_orders leaves them (stock taken, first event), for tests of what follows."""

from mall.catalog.models import Sku
from mall.customers.tests.factories import ShopperFactory
from mall.inventory.services import StockItem, take_stock
from mall.merchants.selectors import commission_rates
from mall.orders.models import Order, OrderEvent, OrderLine, OrderStatus

ADDRESS = {
    "consignee": "张三",
    "mobile": "13912345678",
    "region_code": "310101",
    "region_names": "上海市 上海市 黄浦区",
    "detail": "南京东路 1 号",
}


def placed_order(
    lines: list[tuple[Sku, int]], *, buyer=None, freight: int = 0, payment_id: int | None = None
) -> Order:
    buyer = buyer or ShopperFactory()
    goods = sum(sku.price * qty for sku, qty in lines)
    order = Order.objects.create(
        no=f"T{Order.objects.count() + 1:015d}", shop_id=lines[0][0].shop_id, buyer=buyer,
        goods=goods, freight=freight, total=goods + freight, address=ADDRESS,
        payment_id=payment_id,
    )  # fmt: skip
    rates = commission_rates((sku.shop_id, sku.product.category_id) for sku, _qty in lines)
    for sku, qty in lines:
        OrderLine.objects.create(
            order=order, sku=sku, product_id=sku.product_id, product_name=sku.product.name,
            spec_label=sku.spec_label, unit_price=sku.price, quantity=qty,
            goods=sku.price * qty, total=sku.price * qty,
            commission_rate_bp=rates[sku.shop_id, sku.product.category_id],
        )  # fmt: skip
    take_stock(StockItem(sku.pk, qty, f"order:{order.pk}") for sku, qty in lines)
    OrderEvent.objects.create(order=order, to_status=OrderStatus.PENDING_PAYMENT, actor=buyer)
    return order


def move(order: Order, *statuses: str) -> Order:
    """Walk an order through states with the real transition function."""
    from mall.orders.transitions import transition

    for status in statuses:
        transition(order, status)
    return order
