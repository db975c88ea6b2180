"""What the SQLite and PostgreSQL backends share: the index lives in the products' database, so
a search is a join from the caller's product queryset to the document table."""

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Expression, QuerySet

from mall.catalog.models import Product
from mall.search.backends import TermQuery
from mall.search.tokenizer import normalize

WRITE_BATCH = 1000
KEYWORD_SEPARATORS = re.compile(r"[\s,，;；、|/]+")


def batches(items: Iterable, size: int = WRITE_BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class DatabaseBackend(ABC):
    match_path: str  # from Product to the document's full-text match lookup

    @abstractmethod
    def compile(self, query: TermQuery) -> str:
        """The query in the database's full-text syntax."""

    @abstractmethod
    def rank(self, expression: str) -> Expression:
        """Relevance of a matching product to the compiled query; higher is better."""

    def search(self, products: QuerySet[Product], query: TermQuery) -> QuerySet[Product]:
        expression = self.compile(query)
        return products.filter(**{self.match_path: expression}).annotate(
            search_rank=self.rank(expression)
        )

    def suggest(self, products: QuerySet[Product], query: TermQuery, limit: int) -> list[str]:
        """Keywords completing a single typed word, then the best matching product names."""
        best = self.search(products, query).order_by("-search_rank", "-sales_count", "-id")
        rows = list(best.values_list("name", "keywords")[: limit * 2])
        completions = _keyword_completions(rows, query.terms[0]) if len(query.terms) == 1 else []
        return list(dict.fromkeys([*completions, *(name for name, _ in rows)]))[:limit]


def _keyword_completions(rows: list[tuple[str, str]], typed: str) -> list[str]:
    keywords = (k for _, words in rows for k in KEYWORD_SEPARATORS.split(words) if k)
    return [k for k in keywords if normalize(k).startswith(typed) and normalize(k) != typed]
