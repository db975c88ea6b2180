from celery import shared_task

from mall.payments import services

RESOLVE_INTERVAL_SECONDS = 60


@shared_task(ignore_result=True)
def resolve_pending() -> None:
    """Every minute (settings.PERIODIC_TASKS): ask the gateways about payments and refunds
    still pending after a minute, and apply their answers."""
    services.resolve_pending()
