import itertools

import pytest

from mall.orders.errors import TransitionRefused
from mall.orders.models import OrderEvent, OrderStatus
from mall.orders.tests.factories import move, placed_order
from mall.orders.transitions import ALLOWED, can_transition, transition

S = OrderStatus
# How to reach each state from a fresh order, with the real transition function.
PATHS = {
    S.PENDING_PAYMENT: (),
    S.PAID: (S.PAID,),
    S.SHIPPED: (S.PAID, S.SHIPPED),
    S.COMPLETED: (S.PAID, S.SHIPPED, S.COMPLETED),
    S.CANCELLED: (S.CANCELLED,),
    S.REFUNDING: (S.PAID, S.REFUNDING),
    S.REFUNDED: (S.PAID, S.REFUNDING, S.REFUNDED),
}
EXPECTED = {
    (S.PENDING_PAYMENT, S.PAID), (S.PENDING_PAYMENT, S.CANCELLED),
    (S.PAID, S.SHIPPED), (S.PAID, S.REFUNDING),
    (S.SHIPPED, S.COMPLETED),
    (S.CANCELLED, S.REFUNDING),
    (S.REFUNDING, S.REFUNDED),
}  # fmt: skip


def test_the_table_is_exactly_the_lifecycle():
    table = {(a, b) for a, targets in ALLOWED.items() for b in targets}
    assert table == EXPECTED


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S.values, S.values)))
def test_every_pair_is_allowed_only_by_the_table(sku, current, target):
    order = move(placed_order([(sku, 1)]), *PATHS[current])
    events = OrderEvent.objects.filter(order=order).count()
    if (current, target) in EXPECTED:
        transition(order, target, reason="测试")
        order.refresh_from_db()
        assert order.status == target
        last = OrderEvent.objects.filter(order=order).last()
        assert (last.from_status, last.to_status, last.reason) == (current, target, "测试")
    else:
        with pytest.raises(TransitionRefused):
            transition(order, target)
        order.refresh_from_db()
        assert order.status == current
        assert OrderEvent.objects.filter(order=order).count() == events
    assert can_transition(current, target) == ((current, target) in EXPECTED)


def test_stock_comes_back_once_when_a_held_order_is_cancelled_or_refunded(sku):
    unpaid = placed_order([(sku, 3)])
    paid_then_refunded = move(placed_order([(sku, 2)]), S.PAID)
    sku.refresh_from_db()
    assert sku.stock == 5
    transition(unpaid, S.CANCELLED)
    transition(unpaid, S.REFUNDING)  # paid after cancellation: stock was already back
    transition(paid_then_refunded, S.REFUNDING)
    transition(paid_then_refunded, S.REFUNDED)
    sku.refresh_from_db()
    assert sku.stock == 10


def test_timestamps_follow_the_states(sku):
    order = move(placed_order([(sku, 1)]), S.PAID, S.SHIPPED, S.COMPLETED)
    order.refresh_from_db()
    assert order.paid_at <= order.shipped_at <= order.completed_at
