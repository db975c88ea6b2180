"""Write changed columns of many rows fast.

Django's `bulk_update` builds one `CASE WHEN pk = … THEN …` per row and field and resolves each
as an expression: repricing 100,000 products spent most of its time there. `update_rows` sends
one prepared `UPDATE … WHERE pk = %s` through `executemany` instead (a pipeline of statements
on PostgreSQL with psycopg 3, one prepared statement on SQLite).
"""

from collections.abc import Sequence

from django.db import connections, models, router


def update_rows(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Save `fields` of `objects` (all of one model) as they are now; no signals, like
    bulk_update."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def refresh_planner_statistics(using: str = "default") -> None:
    """After a bulk load on PostgreSQL: gather the query planner's statistics now. Autovacuum
    would gather them a while later; until then the planner takes the new tables for nearly
    empty and picks nested loops that read 100,000 rows once per outer row (the demo seed's
    later phases spent minutes on such plans). SQLite plans from its indexes alone, without
    statistics unless asked, so it is left as it runs in production."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
