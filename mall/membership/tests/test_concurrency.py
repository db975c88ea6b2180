"""Real threads on PostgreSQL: a shopper's paid orders counted together, each once, however
the notifications interleave (the first ones also race to create the profile)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.membership import services
from mall.membership.models import CustomerProfile, SpendRecord
from mall.orders.tests.factories import placed_order

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
ORDERS, REPLAYS = 12, 3


def test_concurrent_and_replayed_payments_add_each_order_once(levels):
    buyer = ShopperFactory()
    sku = ProductFactory(skus=[([], 10_000, 100)]).skus.get()
    orders = [placed_order([(sku, 1)], buyer=buyer) for _ in range(ORDERS)]
    for order in orders:
        order.paid_at = timezone.now()
    go = threading.Event()

    def record(order):
        go.wait(timeout=30)
        try:
            return services.record_paid_order(order)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ORDERS * REPLAYS) as pool:
        futures = [pool.submit(record, order) for order in orders for _ in range(REPLAYS)]
        go.set()
        counted = [future.result() for future in futures]
    assert counted.count(True) == ORDERS
    profile = CustomerProfile.objects.get(user=buyer)
    assert (profile.cumulative_spend, profile.paid_orders) == (ORDERS * 10_000, ORDERS)
    assert profile.member_rank == 1  # ¥1,200 reaches 银卡
    assert SpendRecord.objects.filter(user=buyer).count() == ORDERS
