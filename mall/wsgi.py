import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mall.settings")
application = get_wsgi_application()

from mall.core.heap import freeze_startup_objects  # noqa: E402 — needs the settings above

freeze_startup_objects()
