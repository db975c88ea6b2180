import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _chinese_unless_asked():
    """Messages are asserted in Chinese; a request in English must not leak into the next test
    (the locale middleware leaves the thread's language activated)."""
    with translation.override("zh-hans"):
        yield
