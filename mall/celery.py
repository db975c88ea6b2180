"""The Celery app. With no CELERY_BROKER_URL a file-system broker under var/ is used, so the
embedded default still runs a real worker and scheduler (`make run` starts both)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mall.settings")

app = Celery("mall")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def schedule_periodic_tasks(sender: Celery, **kwargs) -> None:
    """Beat's timetable; read once Django's settings are loaded."""
    from django.conf import settings

    interval = settings.OUTBOX_DELIVERY_INTERVAL_SECONDS
    sender.add_periodic_task(
        interval,
        sender.signature("mall.notifications.tasks.deliver_outbox"),
        name="deliver-outbox",
        expires=interval,  # a run that waited longer than one interval is superseded by the next
    )
    for name, (seconds, task) in settings.PERIODIC_TASKS.items():
        sender.add_periodic_task(seconds, sender.signature(task), name=name, expires=seconds)
