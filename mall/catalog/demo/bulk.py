"""Insert plain rows fast. Django's `bulk_create` spends tens of µs of Python per row building
model instances and SQL; the demo's 2 million rows for 100,000 products (products, SKUs, specs,
parameters, images) go in as plain tuples instead: `COPY` on PostgreSQL (psycopg 3), one
prepared INSERT through `executemany` elsewhere. Values are prepared by their fields only where
the database needs it (JSON, dates)."""

from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models

# Python values the database drivers take as they are.
PLAIN_FIELDS = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey
)  # fmt: skip


class RowInserter:
    """Insert rows of `fields` into `model`'s table; other columns get their field default."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.connection = connection = connections[DEFAULT_DB_ALIAS]
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
        quote = connection.ops.quote_name
        table = quote(meta.db_table)
        columns = ", ".join(quote(f.column) for f in [*given, *rest])
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        self.prepared = [(i, f) for i, f in enumerate(given) if not isinstance(f, PLAIN_FIELDS)]

    def insert(self, rows: Iterable[Sequence]) -> None:
        prepared = (self.prepare(row) for row in rows)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, list(prepared))

    def prepare(self, row: Sequence) -> tuple:
        if self.prepared:
            row = list(row)
            for i, field in self.prepared:
                row[i] = field.get_db_prep_save(row[i], self.connection)
        return (*row, *self.defaults)
