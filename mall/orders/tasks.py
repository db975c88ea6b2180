"""Periodic sweeps (scheduled through settings.PERIODIC_TASKS). Each finds the due orders and
moves them one per transaction with skip_locked, so overlapping runs and replays do nothing
twice."""

from collections.abc import Callable
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from mall.orders import services
from mall.orders.models import Order, OrderStatus

BATCH_SIZE = 500


def _sweep(due_ids: list[int], step: Callable[[int], bool]) -> int:
    return sum(1 for order_id in due_ids if step(order_id))


def _due(**conditions) -> list[int]:
    return list(
        Order.objects.filter(**conditions).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE]
    )


@shared_task(ignore_result=True)
def cancel_unpaid_orders() -> int:
    deadline = timezone.now() - timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    due = _due(status=OrderStatus.PENDING_PAYMENT, created_at__lte=deadline)
    return _sweep(due, services.cancel_if_expired)


@shared_task(ignore_result=True)
def auto_confirm_orders() -> int:
    deadline = timezone.now() - timedelta(days=settings.ORDER_AUTO_CONFIRM_DAYS)
    due = _due(status=OrderStatus.SHIPPED, shipped_at__lte=deadline)
    return _sweep(due, services.confirm_if_due)


@shared_task(ignore_result=True)
def settle_orders() -> int:
    deadline = timezone.now() - timedelta(days=settings.AFTERSALES_WINDOW_DAYS)
    due = _due(status=OrderStatus.COMPLETED, settled_at__isnull=True, completed_at__lte=deadline)
    return _sweep(due, services.settle_if_due)
