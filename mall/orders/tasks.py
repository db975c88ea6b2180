"""Periodic sweeps (scheduled through settings.PERIODIC_TASKS). Each lists the due orders, then
moves them one per transaction under a skip-locked row lock, re-checking that each is still
due: overlapping runs and replays never act twice."""

from collections.abc import Callable

from celery import shared_task

from mall.orders import services
from mall.orders.models import Order

BATCH_SIZE = 500


def _sweep(conditions: dict, step: Callable[[int], bool]) -> int:
    due = Order.objects.filter(**conditions).order_by("pk").values_list("pk", flat=True)
    return sum(1 for order_id in list(due[:BATCH_SIZE]) if step(order_id))


@shared_task(ignore_result=True)
def cancel_unpaid_orders() -> int:
    return _sweep(services.expired_unpaid(), services.cancel_if_expired)


@shared_task(ignore_result=True)
def auto_confirm_orders() -> int:
    return _sweep(services.due_for_confirmation(), services.confirm_if_due)


@shared_task(ignore_result=True)
def settle_orders() -> int:
    return _sweep(services.due_for_settlement(), services.settle_if_due)
