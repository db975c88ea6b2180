"""Fixed wording looked up once per language."""

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from django.utils import translation

T = TypeVar("T")


def once_per_language(build: Callable[[], T]) -> Callable[[str | None], T]:
    """Turn `build()`, which translates a set of words through gettext, into `words(language)`:
    built in that language the first time it is asked for, then remembered. For wording drawn
    many times a page (a card's 已售罄, a badge's 特价), where each gettext through the active
    language costs a few context-variable lookups."""

    @lru_cache(maxsize=16)
    @wraps(build)
    def in_language(language: str | None) -> T:
        with translation.override(language):
            return build()

    return in_language
