"""The search index tables, as the ORM sees them, so a search joins products to their document.

Both are unmanaged: migration 0001 creates each only on its own database (an FTS5 virtual table
on SQLite, a tsvector table with a GIN index on PostgreSQL), and only the backend for the current
database ever queries its model. Rows are written by the backends with plain SQL.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from mall.catalog.models import Product


class Match(models.Lookup):
    """`field__match=expression`: the backend's full-text match operator."""

    lookup_name = "match"
    template = ""

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return self.template % (lhs, rhs), [*lhs_params, *rhs_params]


class Fts5Match(Match):
    template = "%s MATCH %s"


class TsMatch(Match):
    template = "%s @@ (%s)::tsquery"


class Fts5TableField(models.TextField):
    """FTS5's hidden column named after the table; `MATCH` on it searches every column."""


class TsVectorField(SearchVectorField):
    pass


Fts5TableField.register_lookup(Fts5Match)
TsVectorField.register_lookup(TsMatch)


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
    """PostgreSQL: a product's tokens as a tsvector, weighted A (title), B (tags), C (other)."""

    product = models.OneToOneField(
        Product,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    vector = TsVectorField()

    class Meta:
        managed = False
        db_table = "search_document"

    def __str__(self) -> str:
        return f"search_document {self.pk}"
