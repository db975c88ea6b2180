import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from mall.ledger.selectors import account_balance
from mall.ledger.services import Line, post
from mall.orders import tasks
from mall.orders.models import OrderStatus
from mall.orders.tests.factories import move, placed_order

S = OrderStatus


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_unpaid_orders_are_cancelled_after_the_timeout_once(sku, clock, settings):
    settings.ORDER_PAYMENT_TIMEOUT_MINUTES = 30
    order = placed_order([(sku, 4)])
    paid = move(placed_order([(sku, 1)]), S.PAID)
    clock.shift(dt.timedelta(minutes=29))
    assert tasks.cancel_unpaid_orders() == 0
    clock.shift(dt.timedelta(minutes=2))
    assert tasks.cancel_unpaid_orders() == 1
    assert tasks.cancel_unpaid_orders() == 0
    order.refresh_from_db()
    paid.refresh_from_db()
    sku.refresh_from_db()
    assert (order.status, paid.status, sku.stock) == (S.CANCELLED, S.PAID, 9)
    assert order.events.last().actor is None


def test_shipped_orders_are_confirmed_after_the_window_once(sku, clock, settings):
    settings.ORDER_AUTO_CONFIRM_DAYS = 10
    order = move(placed_order([(sku, 1)]), S.PAID, S.SHIPPED)
    clock.shift(dt.timedelta(days=9, hours=23))
    assert tasks.auto_confirm_orders() == 0
    clock.shift(dt.timedelta(hours=2))
    assert tasks.auto_confirm_orders() == 1
    assert tasks.auto_confirm_orders() == 0
    order.refresh_from_db()
    assert order.status == S.COMPLETED


def test_completed_orders_settle_to_the_shop_minus_commission_once(sku, clock, settings):
    settings.AFTERSALES_WINDOW_DAYS = 7
    sku.shop.commission_rate_bp = 500
    sku.shop.save()
    order = placed_order([(sku, 3)], freight=800)  # goods 7500 + freight 800
    post(
        f"pay:{order.pk}",
        [Line("gateway:sandbox", 8300), Line("escrow", -8300, f"order:{order.pk}")],
    )
    move(order, S.PAID, S.SHIPPED, S.COMPLETED)
    clock.shift(dt.timedelta(days=6))
    assert tasks.settle_orders() == 0
    clock.shift(dt.timedelta(days=1, seconds=1))
    assert tasks.settle_orders() == 1
    assert tasks.settle_orders() == 0
    order.refresh_from_db()
    assert order.settled_at is not None
    assert account_balance("escrow") == 0
    assert account_balance(f"payable:{sku.shop_id}") == -(8300 - 375)  # 5% of 7500 goods only
    assert account_balance("revenue:commission") == -375
