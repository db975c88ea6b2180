from celery import shared_task

from mall.cart import services


@shared_task(ignore_result=True)
def purge_guest_carts() -> None:
    """Daily: guest carts idle for 30 days (settings.PERIODIC_TASKS schedules it)."""
    services.purge_guest_carts()
