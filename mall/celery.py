"""The Celery app. With no CELERY_BROKER_URL a file-system broker under var/ is used, so the
embedded default still runs a real worker and scheduler (`make run` starts both)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mall.settings")

app = Celery("mall")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
