"""What the SQLite and PostgreSQL backends share: the index lives in the products' database, so
a search is a join from the caller's product queryset to the document table."""

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Exists, OrderBy, QuerySet

from mall.catalog.models import Product
from mall.search.backends import TermQuery
from mall.search.tokenizer import normalize

WRITE_BATCH = 1000
MAX_CANDIDATES = 1000  # like Meilisearch's default maxTotalHits
KEYWORD_SEPARATORS = re.compile(r"[\s,，;；、|/]+")


def batches(items: Iterable, size: int = WRITE_BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class DatabaseBackend(ABC):
    """A search ranks the best MAX_CANDIDATES matches by relevance in the index alone, then
    joins only those to the products: the cost of a common word stays bounded."""

    @abstractmethod
    def compile(self, query: TermQuery) -> str:
        """The query in the database's full-text syntax."""

    @abstractmethod
    def matching(self, expression: str) -> QuerySet:
        """Rows of the document model matching the compiled query."""

    @abstractmethod
    def relevance(self, expression: str) -> OrderBy:
        """Best-first ordering of `matching` rows."""

    @abstractmethod
    def ranked(self, products: QuerySet[Product], expression: str) -> QuerySet[Product]:
        """`products` annotated with `search_rank` for the query (higher is better)."""

    def search(self, products: QuerySet[Product], query: TermQuery) -> QuerySet[Product]:
        expression = self.compile(query)
        matching = self.matching(expression)
        candidates = matching.order_by(self.relevance(expression)).values("pk")[:MAX_CANDIDATES]
        capped = Exists(matching[MAX_CANDIDATES : MAX_CANDIDATES + 1])  # evaluated once
        ranked = self.ranked(products.filter(pk__in=candidates), expression)
        return ranked.annotate(search_capped=capped)

    def suggest(self, products: QuerySet[Product], query: TermQuery, limit: int) -> list[str]:
        """Keywords completing a single typed word, then the best matching product names."""
        best = self.search(products, query).order_by("-search_rank", "-sales_count", "-id")
        rows = list(best.values_list("name", "keywords")[: limit * 2])
        completions = _keyword_completions(rows, query.terms[0]) if len(query.terms) == 1 else []
        return list(dict.fromkeys([*completions, *(name for name, _ in rows)]))[:limit]


def _keyword_completions(rows: list[tuple[str, str]], typed: str) -> list[str]:
    keywords = (k for _, words in rows for k in KEYWORD_SEPARATORS.split(words) if k)
    return [k for k in keywords if normalize(k).startswith(typed) and normalize(k) != typed]
