"""PostgreSQL: a tsvector per product under a GIN index, ranked by ts_rank, and the product's
sales at indexing time (`popularity`, under a b-tree index) for ties in relevance and for the
best sellers shown when nothing matched.

The vector is written as a tsvector literal built from our own tokens, with positions and
weights (A title, B tags, C other), rather than through `to_tsvector`: PostgreSQL's parser
would re-split the tokens according to the database locale, and the 'simple' configuration
keeps them as they are only when the locale classifies Chinese characters as letters.
"""

from collections.abc import Collection, Iterable

from django.db import connection
from django.db.models import QuerySet

from mall.catalog.models import Product
from mall.search.backends import TermQuery
from mall.search.backends.base import DatabaseBackend, batches
from mall.search.documents import SearchDocument
from mall.search.models import PgDocument

MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped by it anyway
UPSERT = (  # one statement per batch: a row per array element
    "INSERT INTO search_document (product_id, vector, popularity) "
    "SELECT * FROM unnest(%s::bigint[], %s::text[]::tsvector[], %s::integer[]) "
    "ON CONFLICT (product_id) DO UPDATE "
    "SET vector = EXCLUDED.vector, popularity = EXCLUDED.popularity"
)
BEST_SELLER_POOL = 8  # documents read from the popularity index per best seller wanted
MATCHES = (
    "SELECT product_id, ts_rank(vector, %s::tsquery) AS score, popularity "
    "FROM search_document WHERE vector @@ %s::tsquery"
)


def quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(document: SearchDocument) -> str:
    fields = ((document.title, "A"), (document.tags, "B"), (document.other, "C"))
    weighted = ((token, weight) for tokens, weight in fields for token in tokens)
    return " ".join(
        f"{quote(token)}:{min(position, MAX_POSITION)}{weight}"
        for position, (token, weight) in enumerate(weighted, start=1)
    )


def tsquery(query: TermQuery) -> str:
    lexemes = [quote(term) for term in query.terms]
    if query.prefix:
        lexemes[-1] += ":*"
    return (" | " if query.any_term else " & ").join(lexemes)


class PostgresBackend(DatabaseBackend):
    materialized = "MATERIALIZED"

    def matches(self, query: TermQuery) -> tuple[str, list]:
        expression = tsquery(query)
        return MATCHES, [expression, expression]

    def best_sellers(self, products: QuerySet[Product], limit: int) -> list[Product]:
        """The best sellers among the documents the popularity index puts first, ordered by
        current sales; all the products are sorted only when too few of those qualify."""
        pool = PgDocument.objects.order_by("-popularity", "-product_id").values("product_id")
        best = list(
            products.filter(pk__in=pool[: limit * BEST_SELLER_POOL]).order_by(
                "-sales_count", "-id"
            )[:limit]
        )
        return best if len(best) == limit else super().best_sellers(products, limit)

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            for batch in batches(documents):
                cursor.execute(
                    UPSERT,
                    [
                        [doc.product_id for doc in batch],
                        [tsvector_literal(doc) for doc in batch],
                        [doc.popularity for doc in batch],
                    ],
                )

    def refresh_popularity(self, product_ids: Collection[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_document AS d SET popularity = p.sales_count "
                "FROM catalog_product AS p "
                "WHERE p.id = d.product_id AND d.product_id = ANY(%s) "
                "AND d.popularity <> p.sales_count",
                [sorted(product_ids)],
            )

    def remove(self, product_ids: Collection[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE product_id = ANY(%s)", [list(product_ids)]
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            # DELETE, not TRUNCATE: TRUNCATE would block searches until a rebuild commits.
            cursor.execute("DELETE FROM search_document")

    def optimize(self) -> None:
        # GIN buffers new entries in a "pending list" that every search scans and rechecks;
        # after a rebuild up to 4 MB of it (some 2,000 documents) would wait for a VACUUM.
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('search_document_vector'::regclass)")
