"""SQLite: an FTS5 table over the space-joined tokens (unicode61 tokenizer), ranked by bm25.

FTS5's trigram tokenizer would need no segmentation, but it cannot match two-character words
(手机, 男士), the commonest in Chinese; jieba's tokens with unicode61 can.
"""

from collections.abc import Collection, Iterable

from django.db import connection
from django.db.models import F, OrderBy, QuerySet

from mall.catalog.models import Product
from mall.search.backends import TermQuery
from mall.search.backends.base import DatabaseBackend, batches
from mall.search.documents import SearchDocument
from mall.search.models import FtsDocument

# The rowid is the product id too, so removing a product is a rowid lookup.
INSERT = "INSERT INTO search_fts(rowid, product_id, title, tags, other) VALUES (%s, %s, %s, %s, %s)"


class SqliteBackend(DatabaseBackend):
    def compile(self, query: TermQuery) -> str:
        # Tokens are letter/digit runs, so quoting them as phrases neutralises FTS5 syntax.
        phrases = [f'"{term}"' for term in query.terms]
        if query.prefix:
            phrases[-1] += "*"
        return (" OR " if query.any_term else " AND ").join(phrases)

    def matching(self, expression: str) -> QuerySet[FtsDocument]:
        return FtsDocument.objects.filter(document__match=expression)

    def relevance(self, expression: str) -> OrderBy:
        return F("rank").asc()  # bm25: lower is better

    def ranked(self, products: QuerySet[Product], expression: str) -> QuerySet[Product]:
        # FTS5 computes bm25 only inside a full-text query, hence the MATCH again.
        return products.filter(search_fts__document__match=expression).annotate(
            search_rank=F("search_fts__rank") * -1
        )

    def index(self, documents: Iterable[SearchDocument]) -> None:
        for batch in batches(documents):
            self.remove([doc.product_id for doc in batch])
            rows = [
                (doc.product_id, doc.product_id, *map(" ".join, (doc.title, doc.tags, doc.other)))
                for doc in batch
            ]
            with connection.cursor() as cursor:
                cursor.executemany(INSERT, rows)

    def remove(self, product_ids: Collection[int]) -> None:
        with connection.cursor() as cursor:
            for batch in batches(product_ids):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", batch)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
