"""What the SQLite and PostgreSQL backends share: the index lives in the products' database, so
a search is one statement that ranks the best matches in the index alone, then joins only
those to the caller's products.

The statement is SQL rather than ORM because the join is to a derived table (the ranked
candidates, with their scores): the ORM can only filter on such a subquery, and would then have
to join the index again to order by relevance, computing every score twice. The products side
stays ORM: the caller's queryset is compiled into the statement as a subquery.
"""

import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import islice

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from mall.catalog.models import Product
from mall.search.backends import RANK, Ranking, TermQuery
from mall.search.tokenizer import normalize

WRITE_BATCH = 1000
MAX_CANDIDATES = 1000  # like Meilisearch's default maxTotalHits
BEST_FIRST = (f"-{RANK}", "-sales_count", "-id")
KEYWORD_SEPARATORS = re.compile(r"[\s,，;；、|/]+")

# The best `limit` matches, numbered: every match is scored, ties go to the better seller.
CANDIDATES = """
SELECT product_id, score, ROW_NUMBER() OVER (ORDER BY {order}) AS position
FROM ({matches} ORDER BY {order} LIMIT %s) AS best
"""
MOST_RELEVANT = "score DESC, popularity DESC, product_id DESC"
# `candidates` holds one row more than is ranked: its presence says the index has more.
RANKED_SLICE = """
WITH candidates AS {materialized} ({candidates})
SELECT p.{id}, COUNT(*) OVER (), EXISTS (SELECT 1 FROM candidates WHERE position > {limit})
FROM candidates c INNER JOIN ({products}) p ON p.{id} = c.product_id
WHERE c.position <= {limit}
ORDER BY {order}
LIMIT %s OFFSET %s
"""


def batches(items: Iterable, size: int = WRITE_BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class DatabaseBackend(ABC):
    materialized = ""  # how this database is told to compute a CTE once

    @abstractmethod
    def matches(self, query: TermQuery) -> tuple[str, list]:
        """SQL and parameters selecting every match as (product_id, score, popularity): the
        relevance (higher is better) and the product's sales. It should read the index alone,
        as it runs before any product is joined."""

    def candidates(self, query: TermQuery, limit: int) -> tuple[str, list]:
        """The best `limit` matches as rows (product_id, score, position), `position`
        numbering them from 1, the most relevant first."""
        matches, params = self.matches(query)
        return CANDIDATES.format(matches=matches, order=MOST_RELEVANT), [*params, limit]

    def rank(
        self,
        products: QuerySet[Product],
        query: TermQuery,
        order: Sequence[str],
        start: int,
        stop: int,
        candidates: int | None = None,
    ) -> Ranking:
        order_by = ", ".join(map(_order_term, order))  # first: only Product fields get past
        limit = candidates or MAX_CANDIDATES
        best, best_params = self.candidates(query, limit + 1)
        columns = _columns(order)
        try:  # the subquery's columns are named after the fields
            scope, scope_params = (
                products.order_by().values_list("id", *columns).query.sql_with_params()
            )
        except EmptyResultSet:  # e.g. a filter on an empty list of ids
            return Ranking([], 0, False)
        sql = RANKED_SLICE.format(
            materialized=self.materialized,
            candidates=best,
            products=scope,
            id=connection.ops.quote_name("id"),
            limit=int(limit),
            order=order_by,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*best_params, *scope_params, stop - start, start])
            rows = cursor.fetchall()
        total, capped = rows[0][1:] if rows else (0, False)
        return Ranking([pk for pk, *_ in rows], total, bool(capped))

    def suggest(self, products: QuerySet[Product], query: TermQuery, limit: int) -> list[str]:
        """Keywords completing a single typed word, then the best matching product names."""
        ids = self.rank(products, query, BEST_FIRST, 0, limit * 2).ids
        texts = {pk: (name, keywords) for pk, name, keywords in
                 products.filter(pk__in=ids).values_list("pk", "name", "keywords")}  # fmt: skip
        rows = [texts[pk] for pk in ids if pk in texts]
        completions = _keyword_completions(rows, query.terms[0]) if len(query.terms) == 1 else []
        return list(dict.fromkeys([*completions, *(name for name, _ in rows)]))[:limit]

    def best_sellers(self, products: QuerySet[Product], limit: int) -> list[Product]:
        return list(products.order_by("-sales_count", "-id")[:limit])

    @abstractmethod
    def refresh_popularity(self, product_ids: Collection[int]) -> None:
        """Bring the stored popularity of these documents up to the products' sales."""


SHOWN_PRICE = "shown_price"  # the price shoppers see: the promotion price, else the list price
SHOWN_PRICE_FIELDS = ("promo_price_min", "price_min")


def _columns(order: Sequence[str]) -> list[str]:
    """The Product columns the ordering reads (the shown price is made of two)."""
    names = {name.lstrip("-") for name in order} - {RANK, "id"}
    if SHOWN_PRICE in names:
        names = (names - {SHOWN_PRICE}) | set(SHOWN_PRICE_FIELDS)
    return sorted(names)


def _order_term(name: str) -> str:
    """`-sales_count` → `p."sales_count" DESC`; `search_rank` is the candidates' score;
    `shown_price` the promotion price, else the list price."""
    field = name.lstrip("-")
    if field == RANK:
        column = "c.score"
    elif field == SHOWN_PRICE:
        promo, listed = (f"p.{connection.ops.quote_name(f)}" for f in SHOWN_PRICE_FIELDS)
        column = f"COALESCE({promo}, {listed})"
    else:
        column = f"p.{connection.ops.quote_name(Product._meta.get_field(field).name)}"
    return f"{column} {'DESC' if name.startswith('-') else 'ASC'}"


def _keyword_completions(rows: list[tuple[str, str]], typed: str) -> list[str]:
    keywords = (k for _, words in rows for k in KEYWORD_SEPARATORS.split(words) if k)
    return [k for k in keywords if normalize(k).startswith(typed) and normalize(k) != typed]
