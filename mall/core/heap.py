"""Keep what a web process loads at start-up out of the garbage collector's way.

Once Django, the URLconf, the views and their libraries are loaded, a worker holds some 350,000
objects the collector tracks, and they live as long as the process. Left in the oldest
generation, every full collection walks all of them: about 0.1 s on the benchmark machine, once
every thousand or so uncached pages, and the page that triggers it waits. Frozen after start-up
(`gc.freeze`), they are skipped, and a full collection walks only what requests left behind.
"""

import gc

from django.urls import get_resolver


def freeze_startup_objects() -> int:
    """Load every view module now, then freeze everything alive; returns how many objects
    the collector now leaves alone."""
    get_resolver().url_patterns  # noqa: B018 — imports the URLconf and every view module
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
