from celery import shared_task

from mall.catalog.importing import runner


@shared_task(ignore_result=True)
def run_import_job(job_id: int) -> None:
    """Run a bulk product import queued from the admin."""
    runner.run_import_job(job_id)
