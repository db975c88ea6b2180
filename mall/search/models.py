"""The search index tables, as the ORM sees them.

Both are unmanaged: migrations create each only on its own database (an FTS5 virtual table on
SQLite, a tsvector table with a GIN index on PostgreSQL). The backends read and write them with
plain SQL; the models give the tables a place in the schema and in tests.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from mall.catalog.models import Product


class Fts5TableField(models.TextField):
    """FTS5's hidden column named after the table; `MATCH` on it searches every column."""


class TsVectorField(SearchVectorField):
    pass


class FtsDocument(models.Model):
    """SQLite: a row of the FTS5 table `search_fts(product_id, title, tags, other)`."""

    product = models.OneToOneField(
        Product,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_fts",
    )
    document = Fts5TableField(db_column="search_fts")
    rank = models.FloatField()  # FTS5's bm25 with the column weights set by the migration

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return f"search_fts {self.pk}"


class PgDocument(models.Model):
    """PostgreSQL: a product's tokens as a tsvector, weighted A (title), B (tags), C (other),
    and its sales when indexed."""

    product = models.OneToOneField(
        Product,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    vector = TsVectorField()
    popularity = models.IntegerField(default=0)

    class Meta:
        managed = False
        db_table = "search_document"

    def __str__(self) -> str:
        return f"search_document {self.pk}"
