"""One interface over the places a search index can live, chosen by the database in use.

`settings.SEARCH_BACKEND` (a dotted path) overrides the choice, which is how an external engine
such as Meilisearch plugs in: implement `SearchBackend` and point the setting at it.
"""

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from mall.catalog.models import Product
from mall.search.documents import SearchDocument

BY_VENDOR = {
    "sqlite": "mall.search.backends.sqlite.SqliteBackend",
    "postgresql": "mall.search.backends.postgres.PostgresBackend",
}


@dataclass(frozen=True)
class TermQuery:
    """Index tokens to look for: all of them, or any (`any_term`); the last may be a prefix."""

    terms: tuple[str, ...]
    any_term: bool = False
    prefix: bool = False


class SearchBackend(Protocol):
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Insert the documents, replacing any stored for the same products."""

    def remove(self, product_ids: Collection[int]) -> None: ...

    def clear(self) -> None: ...

    def search(self, products: QuerySet[Product], query: TermQuery) -> QuerySet[Product]:
        """`products` narrowed to those among the best matches (at most a fixed number, e.g.
        1,000), annotated `search_rank` (higher is better) and `search_capped` (true when the
        index holds more matches than that).

        Narrowing the caller's queryset (rather than returning ids) keeps visibility, category
        and ordering rules in the ORM, checked at query time.
        """

    def suggest(self, products: QuerySet[Product], query: TermQuery, limit: int) -> list[str]:
        """Texts to offer while the shopper types: names and keywords of matching products."""


@functools.cache
def _backend_class(path: str) -> type[SearchBackend]:
    return import_string(path)


def get_backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", "") or BY_VENDOR.get(connection.vendor)
    if not path:
        raise ImproperlyConfigured(f"No search backend for the {connection.vendor} database")
    return _backend_class(path)()
