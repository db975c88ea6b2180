"""PostgreSQL: a tsvector per product under a GIN index, ranked by ts_rank.

The vector is written as a tsvector literal built from our own tokens, with positions and
weights (A title, B tags, C other), rather than through `to_tsvector`: PostgreSQL's parser
would re-split the tokens according to the database locale, and the 'simple' configuration
keeps them as they are only when the locale classifies Chinese characters as letters.
"""

from collections.abc import Collection, Iterable

from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import F, FloatField, Func, OrderBy, QuerySet, Value
from django.db.models.functions import Cast

from mall.catalog.models import Product
from mall.search.backends import TermQuery
from mall.search.backends.base import DatabaseBackend, batches
from mall.search.documents import SearchDocument
from mall.search.models import PgDocument

MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped by it anyway
UPSERT = (  # one statement per batch: a row per array element
    "INSERT INTO search_document (product_id, vector) "
    "SELECT * FROM unnest(%s::bigint[], %s::text[]::tsvector[]) "
    "ON CONFLICT (product_id) DO UPDATE SET vector = EXCLUDED.vector"
)


def ts_rank(vector: str, expression: str) -> Func:
    tsquery = Cast(Value(expression), SearchQueryField())
    return Func(F(vector), tsquery, function="ts_rank", output_field=FloatField())


def quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(document: SearchDocument) -> str:
    fields = ((document.title, "A"), (document.tags, "B"), (document.other, "C"))
    weighted = ((token, weight) for tokens, weight in fields for token in tokens)
    return " ".join(
        f"{quote(token)}:{min(position, MAX_POSITION)}{weight}"
        for position, (token, weight) in enumerate(weighted, start=1)
    )


class PostgresBackend(DatabaseBackend):
    def compile(self, query: TermQuery) -> str:
        lexemes = [quote(term) for term in query.terms]
        if query.prefix:
            lexemes[-1] += ":*"
        return (" | " if query.any_term else " & ").join(lexemes)

    def matching(self, expression: str) -> QuerySet[PgDocument]:
        return PgDocument.objects.filter(vector__match=expression)

    def relevance(self, expression: str) -> OrderBy:
        return ts_rank("vector", expression).desc()

    def ranked(self, products: QuerySet[Product], expression: str) -> QuerySet[Product]:
        return products.annotate(search_rank=ts_rank("search_document__vector", expression))

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with connection.cursor() as cursor:
            for batch in batches(documents):
                ids = [doc.product_id for doc in batch]
                cursor.execute(UPSERT, [ids, [tsvector_literal(doc) for doc in batch]])

    def remove(self, product_ids: Collection[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE product_id = ANY(%s)", [list(product_ids)]
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            # DELETE, not TRUNCATE: TRUNCATE would block searches until a rebuild commits.
            cursor.execute("DELETE FROM search_document")
