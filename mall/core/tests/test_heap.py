"""The WSGI application freezes what start-up loaded (mall.core.heap)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, json, sys
import mall.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "views_loaded": "mall.storefront.views" in sys.modules,
    "tracked_after": len(gc.get_objects()),
}))
"""


def test_the_wsgi_application_starts_with_its_views_loaded_and_frozen():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mall.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    probe = json.loads(result.stdout.splitlines()[-1])
    assert probe["views_loaded"]
    # Start-up objects are frozen: the collector tracks next to nothing beyond them.
    assert probe["frozen"] > 10_000
    assert probe["tracked_after"] < probe["frozen"] / 10
