"""Periodic work on shops (scheduled through settings.PERIODIC_TASKS)."""

from celery import shared_task
from django.utils import timezone

from mall.merchants import services
from mall.merchants.models import Shop


@shared_task(ignore_result=True)
def charge_platform_fees() -> int:
    """This month's platform fee of every shop not closed, one transaction per shop: running
    it daily charges each shop once a month (a replay finds the month's entry and posts
    nothing). Returns how many shops were charged now."""
    month = timezone.localdate().replace(day=1)
    shops = Shop.objects.exclude(status=Shop.Status.CLOSED).order_by("pk")
    return sum(services.charge_platform_fee(pk, month) for pk in shops.values_list("pk", flat=True))
