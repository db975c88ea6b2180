"""One interface over the places a search index can live, chosen by the database in use.

`settings.SEARCH_BACKEND` (a dotted path) overrides the choice, which is how an external engine
such as Meilisearch plugs in: implement `SearchBackend` and point the setting at it.
"""

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

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
RANK = "search_rank"  # the relevance score in an ordering ("-search_rank": best first)


@dataclass(frozen=True)
class TermQuery:
    """Index tokens to look for: all of them, or any (`any_term`); the last may be a prefix."""

    terms: tuple[str, ...]
    any_term: bool = False
    prefix: bool = False


class Ranking(NamedTuple):
    ids: list[int]  # the products in the requested slice, in order
    total: int  # matches ranked that are in the caller's products
    capped: bool  # the index holds more matches than were ranked


class SearchBackend(Protocol):
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Insert the documents, replacing any stored for the same products."""

    def remove(self, product_ids: Collection[int]) -> None: ...

    def clear(self) -> None: ...

    def optimize(self) -> None:
        """After a bulk load (a rebuild): make the index as quick to read as it can be."""

    def rank(
        self,
        products: QuerySet[Product],
        query: TermQuery,
        order: Sequence[str],
        start: int,
        stop: int,
        candidates: int | None = None,
    ) -> Ranking:
        """The ids in `[start:stop]` of the best matches (`candidates` of them, by default a
        fixed number such as 1,000) that are among `products`, sorted by `order`: Product
        field names, `-` for descending, and `search_rank` for relevance (higher is better).

        Taking the caller's queryset keeps visibility and category rules in the ORM, checked
        against the products' current rows at query time.
        """

    def suggest(self, products: QuerySet[Product], query: TermQuery, limit: int) -> list[str]:
        """Texts to offer while the shopper types: names and keywords of matching products."""

    def best_sellers(self, products: QuerySet[Product], limit: int) -> list[Product]:
        """The best-selling `products`, best first (what a search with no results offers)."""


@functools.cache
def _backend_class(path: str) -> type[SearchBackend]:
    return import_string(path)


def get_backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", "") or BY_VENDOR.get(connection.vendor)
    if not path:
        raise ImproperlyConfigured(f"No search backend for the {connection.vendor} database")
    return _backend_class(path)()
