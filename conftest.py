import uuid

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Every test writes uploads to its own folder and starts with an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Redis is one database shared by the xdist workers (and other users): flushing it would wipe
    # another test's counters mid-run, so each test gets a key prefix of its own instead.
    shared = "redis" in settings.CACHES["default"]["BACKEND"].lower()
    if shared:
        default = settings.CACHES["default"]
        prefix = f"{default.get('KEY_PREFIX', '')}-test-{uuid.uuid4().hex}"
        settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": prefix}}
    else:
        cache.clear()
    yield
    if not shared:
        cache.clear()


@pytest.fixture
def local_cache(settings):
    """A cache in process memory: time travel moves Python's clock, not Redis's, so tests of
    how long an entry lives keep their entries where the travelled clock decides."""
    from django.core.cache import cache

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    cache.clear()  # one memory per process: another test's entries may still be there
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _chinese_unless_asked():
    """Messages are asserted in Chinese; a request in English must not leak into the next test
    (the locale middleware leaves the thread's language activated)."""
    with translation.override("zh-hans"):
        yield
