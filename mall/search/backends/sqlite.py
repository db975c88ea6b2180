"""SQLite: an FTS5 table over the space-joined tokens (unicode61 tokenizer), ranked by bm25.

FTS5's trigram tokenizer would need no segmentation, but it cannot match two-character words
(手机, 男士), the commonest in Chinese; jieba's tokens with unicode61 can.
"""

from collections.abc import Collection, Iterable

from django.db import connection

from mall.search.backends import TermQuery
from mall.search.backends.base import DatabaseBackend, batches
from mall.search.documents import SearchDocument

# The rowid is the product id too, so removing a product is a rowid lookup.
INSERT = "INSERT INTO search_fts(rowid, product_id, title, tags, other) VALUES (%s, %s, %s, %s, %s)"
# FTS5's rank is bm25, lower is better. Sales are read from the products (a local database is
# small): the FTS5 table holds text only.
MATCHES = (
    "SELECT f.product_id AS product_id, -f.rank AS score, p.sales_count AS popularity "
    "FROM search_fts f INNER JOIN catalog_product p ON p.id = f.product_id "
    "WHERE f.search_fts MATCH %s"
)


def fts5_query(query: TermQuery) -> str:
    # Tokens are letter/digit runs, so quoting them as phrases neutralises FTS5 syntax.
    phrases = [f'"{term}"' for term in query.terms]
    if query.prefix:
        phrases[-1] += "*"
    return (" OR " if query.any_term else " AND ").join(phrases)


class SqliteBackend(DatabaseBackend):
    def matches(self, query: TermQuery) -> tuple[str, list]:
        return MATCHES, [fts5_query(query)]

    def index(self, documents: Iterable[SearchDocument]) -> None:
        for batch in batches(documents):
            self.remove([doc.product_id for doc in batch])
            rows = [
                (doc.product_id, doc.product_id, *map(" ".join, (doc.title, doc.tags, doc.other)))
                for doc in batch
            ]
            with connection.cursor() as cursor:
                cursor.executemany(INSERT, rows)

    def refresh_popularity(self, product_ids: Collection[int]) -> None:
        """Nothing is stored: matches join the product and read its sales live."""

    def remove(self, product_ids: Collection[int]) -> None:
        with connection.cursor() as cursor:
            for batch in batches(product_ids):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", batch)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def optimize(self) -> None:
        with connection.cursor() as cursor:  # merge FTS5's segments into one b-tree
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
