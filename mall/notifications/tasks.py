from celery import shared_task

from mall.notifications import services


@shared_task(ignore_result=True)
def deliver_outbox() -> None:
    """Run by beat every OUTBOX_DELIVERY_INTERVAL_SECONDS (see mall/celery.py)."""
    services.deliver_due()
