import pytest
from django.http import Http404

from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders import services
from mall.orders.errors import OrderError, TransitionRefused
from mall.orders.models import OrderStatus
from mall.orders.tests.factories import move, placed_order

S = OrderStatus
TRACKING = "SF1234567890123"


def test_buyer_cancels_an_unpaid_order_and_its_stock_returns_once(sku):
    order = placed_order([(sku, 4)])
    services.cancel_by_buyer(order.buyer, order.no)
    with pytest.raises(TransitionRefused):
        services.cancel_by_buyer(order.buyer, order.no)
    sku.refresh_from_db()
    order.refresh_from_db()
    assert (order.status, sku.stock) == (S.CANCELLED, 10)
    assert order.events.last().actor == order.buyer


def test_another_buyer_cannot_touch_the_order(sku):
    order = placed_order([(sku, 1)])
    stranger = ShopperFactory()
    for action in (services.cancel_by_buyer, services.confirm_receipt, services.delete_for_buyer):
        with pytest.raises(Http404):
            action(stranger, order.no)
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


def test_confirm_receipt_only_after_shipment(sku):
    order = placed_order([(sku, 1)])
    with pytest.raises(TransitionRefused):
        services.confirm_receipt(order.buyer, order.no)
    move(order, S.PAID, S.SHIPPED)
    services.confirm_receipt(order.buyer, order.no)
    order.refresh_from_db()
    assert order.status == S.COMPLETED and order.completed_at


def test_only_finished_orders_can_be_deleted_and_then_are_gone_for_the_buyer(sku):
    order = placed_order([(sku, 1)])
    with pytest.raises(TransitionRefused):
        services.delete_for_buyer(order.buyer, order.no)
    services.cancel_by_buyer(order.buyer, order.no)
    services.delete_for_buyer(order.buyer, order.no)
    with pytest.raises(Http404):
        services.delete_for_buyer(order.buyer, order.no)


def test_partial_shipment_keeps_the_order_to_ship_until_every_piece_left(sku, seller):
    other = ProductFactory(shop=sku.shop, skus=[([], 900, 5)]).skus.get()
    order = move(placed_order([(sku, 3), (other, 1)]), S.PAID)
    first, second = order.lines.order_by("pk")
    services.ship(seller, order.no, carrier="SF", tracking_no=TRACKING,
                  quantities={first.pk: 2, second.pk: 0})  # fmt: skip
    order.refresh_from_db()
    assert order.status == S.PAID
    services.ship(seller, order.no, carrier="ZTO", tracking_no="781234567890")
    order.refresh_from_db()
    assert order.status == S.SHIPPED and order.shipped_at
    assert [line.shipped_quantity for line in order.lines.order_by("pk")] == [3, 1]
    assert [s.carrier for s in order.shipments.all()] == ["SF", "ZTO"]


@pytest.mark.parametrize(
    ("quantities", "message"),
    [("none", "请选择"), ("too_many", "最多还能发"), ("foreign", "不属于")],
)
def test_bad_shipments_are_refused_with_nothing_written(sku, seller, quantities, message):
    order = move(placed_order([(sku, 2)]), S.PAID)
    line = order.lines.get()
    quantities = {"too_many": {line.pk: 3}, "foreign": {line.pk + 999: 1}}.get(quantities, {})
    with pytest.raises(OrderError, match=message):
        services.ship(seller, order.no, carrier="SF", tracking_no=TRACKING, quantities=quantities)
    assert not order.shipments.exists()


def test_tracking_number_is_checked_against_the_carrier(sku, seller):
    order = move(placed_order([(sku, 1)]), S.PAID)
    with pytest.raises(OrderError):
        services.ship(seller, order.no, carrier="SF", tracking_no="123")
    with pytest.raises(OrderError):
        services.ship(seller, order.no, carrier="NOPE", tracking_no=TRACKING)
    services.ship(seller, order.no, carrier="SF", tracking_no=" sf1234567890123 ")
    assert order.shipments.get().tracking_no == TRACKING


def test_unpaid_orders_cannot_ship(sku, seller):
    order = placed_order([(sku, 1)])
    with pytest.raises(TransitionRefused):
        services.ship(seller, order.no, carrier="SF", tracking_no=TRACKING)


def test_customer_service_and_other_shops_cannot_ship(sku):
    order = move(placed_order([(sku, 1)]), S.PAID)
    service = ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.SERVICE)
    other_shop = ShopMemberFactory(role=ShopMember.Role.OWNER)
    for member in (service, other_shop):
        with pytest.raises(Http404):
            services.ship(member, order.no, carrier="SF", tracking_no=TRACKING)
    assert not order.shipments.exists()
