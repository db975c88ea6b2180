"""Real threads on PostgreSQL: no overselling, one order per idempotency key, one sweep."""

from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from mall.catalog.models import Sku
from mall.catalog.tests.factories import ProductFactory
from mall.inventory.models import StockMovement
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.threads import all_at_once as _all_at_once
from mall.orders.tests.threads import buyer_with_address as _buyer_with_address
from mall.payments.models import Payment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_200_buyers_for_20_units_make_exactly_20_orders():
    sku = ProductFactory(skus=[([], 1999, 20)]).skus.get()
    buyers = [_buyer_with_address() for _ in range(200)]

    def buy(buyer, address) -> Callable[[], object]:
        request = CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 1),))
        return lambda: place_orders(user=buyer, request=request, key=f"buy-{buyer.pk:08d}")

    outcomes = _all_at_once([buy(*pair) for pair in buyers])
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"list": 20, "OrderError": 180}, kinds
    assert all("库存不足" in o.message for o in outcomes if isinstance(o, OrderError))
    assert Sku.objects.get(pk=sku.pk).stock == 0
    assert Order.objects.count() == 20 and Payment.objects.count() == 20
    assert sum(StockMovement.objects.values_list("delta", flat=True)) == -20


def test_one_checkout_submitted_20_times_at_once_makes_one_order():
    sku = ProductFactory(skus=[([], 1999, 100)]).skus.get()
    buyer, address = _buyer_with_address()
    request = CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 2),))
    outcomes = _all_at_once(
        [lambda: place_orders(user=buyer, request=request, key="same-key-0001")] * 20
    )
    assert all(isinstance(o, list) for o in outcomes), outcomes
    assert {tuple(order.pk for order in o) for o in outcomes} == {
        tuple(Order.objects.values_list("pk", flat=True))
    }
    assert Order.objects.count() == 1 and Payment.objects.count() == 1
    assert Sku.objects.get(pk=sku.pk).stock == 98


def test_concurrent_sweeps_cancel_each_unpaid_order_once(settings):
    from mall.orders import tasks

    settings.ORDER_PAYMENT_TIMEOUT_MINUTES = 0
    sku = ProductFactory(skus=[([], 1999, 30)]).skus.get()
    buyer, address = _buyer_with_address()
    for n in range(10):
        request = CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 3),))
        place_orders(user=buyer, request=request, key=f"sweep-key-{n:04d}")
    outcomes = _all_at_once([tasks.cancel_unpaid_orders] * 4)
    assert sum(outcomes) == 10, outcomes
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    assert Sku.objects.get(pk=sku.pk).stock == 30


def test_cancel_racing_the_payment_refunds_once_and_returns_stock_once():
    from mall.orders import services
    from mall.orders.tests.checkout_setup import pay
    from mall.payments.models import Refund

    sku = ProductFactory(skus=[([], 1999, 40)]).skus.get()
    buyer, address = _buyer_with_address()
    orders = [
        place_orders(
            user=buyer,
            request=CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 2),)),
            key=f"race-key-{n:04d}",
        )[0]
        for n in range(10)
    ]
    calls = []
    for order in orders:
        calls += [
            lambda o=order: pay(o.payment_id),
            lambda o=order: services.cancel_by_buyer(buyer, o.no),
        ]
    outcomes = _all_at_once(calls)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.REFUNDING}
    refunds = Refund.objects.values_list("reference", "amount")
    assert sorted(refunds) == sorted((f"order:{o.pk}", o.total) for o in orders)
    assert Sku.objects.get(pk=sku.pk).stock == 40


def test_concurrent_payments_of_the_same_products_count_every_sale_once():
    from mall.catalog.models import Product
    from mall.orders.tests.checkout_setup import pay

    first = ProductFactory(skus=[([], 1000, 100)]).skus.get()
    second = ProductFactory(shop=first.shop, skus=[([], 500, 100)]).skus.get()
    buyer, address = _buyer_with_address()
    orders = [
        place_orders(
            user=buyer,
            request=CheckoutRequest(
                address.pk, (CheckoutItem(second.pk, 1 + n % 3), CheckoutItem(first.pk, 2))
            ),
            key=f"sales-key-{n:04d}",
        )[0]
        for n in range(12)
    ]
    calls = [lambda o=order: pay(o.payment_id) for order in orders for _replay in range(2)]
    outcomes = _all_at_once(calls)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    sales = dict(Product.objects.values_list("pk", "sales_count"))
    assert sales[first.product_id] == 12 * 2
    assert sales[second.product_id] == sum(1 + n % 3 for n in range(12))
