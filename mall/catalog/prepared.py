"""ORM queries compiled once per process and database, then run with a fresh key.

Building a QuerySet and compiling it to SQL costs several times more than running a small
indexed read (≈0.3 ms against ≈0.05 ms on SQLite), and a storefront page runs half a dozen of
them. A `PreparedQuery` asks the ORM for the SQL once, with a sentinel in place of the key, and
afterwards only substitutes the key, runs the statement and turns rows into model instances
(`select_related` included) exactly as the ORM does. The SQL stays the ORM's own, written for the
database in use; nothing about the data is kept between calls.

Its parameters are passed by name (`%(p0)s`): Django's SQLite backend rewrites a statement with
positional parameters for sqlite3 by a regular expression on every execution, which for a
statement of a few thousand characters costs more than running it; named ones it substitutes
with a plain `%`. Several prepared reads can share one cursor (`cursor=`), as a page's do.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import count

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

# Stand in for the key while compiling; no row of the mall has this id or slug.
SENTINEL = -7_391_004_211
TEXT_SENTINEL = "prepared-query-key-7391004211"
BIGINT = range(-(2**63), 2**63)  # what a database integer key can hold
MAX_SHAPES = 256  # compiled variants kept per query (sort × page window for listings)
# A "format" parameter, or an escaped percent sign left as it is.
FORMAT_PARAMETER = re.compile(r"%%|%s")


def named_parameters(sql: str) -> str:
    """The SQL with its n-th `%s` written `%(pn)s` ("pyformat"), `%%` kept."""
    numbers = count()
    return FORMAT_PARAMETER.sub(
        lambda found: found[0] if found[0] == "%%" else f"%(p{next(numbers)})s", sql
    )


@dataclass
class Plan:
    """One compiled statement, with what turning its rows into values or objects needs."""

    compiler: SQLCompiler
    sql: str
    params: dict[str, object]
    slots: list[str]
    converters: list[tuple[int, list, object]]

    @cached_property
    def instances(self) -> tuple[type[Model], list[str], int, int, list]:
        """The model, its column names, where they sit in a row, and the related populators."""
        select, klass_info = self.compiler.select, self.compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, self.compiler.using)
        return klass_info["model"], names, start, end, populators

    def convert(self, rows: list[tuple]) -> list[tuple]:
        """The rows as the ORM turns them into values (without the ordering columns it adds)."""
        width, connection = self.compiler.col_count, self.compiler.connection
        if not self.converters:
            return [row[:width] for row in rows] if self.compiler.has_extra_select else rows
        converted = []
        for row in rows:
            values = list(row[:width])
            for pos, converters, expression in self.converters:
                value = values[pos]
                for converter in converters:
                    value = converter(value, expression, connection)
                values[pos] = value
            converted.append(tuple(values))
        return converted


class PreparedQuery:
    """`build(key, *shape)` returns the QuerySet for one key: an int (or, with `sentinel=
    TEXT_SENTINEL`, a str) compared for equality only, so the SQL does not depend on its value.
    `shape` holds whatever else changes the SQL (a sort order, a page window); each shape is
    compiled once."""

    def __init__(self, build: Callable[..., QuerySet], sentinel: int | str = SENTINEL):
        self.build = build
        self.sentinel = sentinel
        self._plans: dict[tuple, Plan] = {}

    def _plan(self, using: str, shape: tuple) -> Plan:
        plan = self._plans.get((using, *shape))
        if plan is None:
            compiler = self.build(self.sentinel, *shape).query.get_compiler(using=using)
            sql, values = compiler.as_sql()
            params = {f"p{n}": value for n, value in enumerate(values)}
            slots = [name for name, value in params.items() if value == self.sentinel]
            if not slots:
                raise ValueError("the query does not use its key")
            columns = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = [
                (pos, converters, expression)
                for pos, (converters, expression) in compiler.get_converters(columns).items()
            ]
            if len(self._plans) >= MAX_SHAPES:
                del self._plans[next(iter(self._plans))]
            plan = Plan(compiler, named_parameters(sql), params, slots, converters)
            self._plans[(using, *shape)] = plan
        return plan

    def _rows(
        self, key: int | str, shape: tuple, using: str, cursor: CursorWrapper | None
    ) -> tuple[Plan, list]:
        if cursor is not None:
            using = cursor.db.alias
        plan = self._plan(using, shape)
        if isinstance(key, int) and key not in BIGINT:  # no row has it, nor could a driver send it
            return plan, []
        params = plan.params.copy()
        for slot in plan.slots:
            params[slot] = key
        if cursor is None:
            with connections[using].cursor() as cursor:
                cursor.execute(plan.sql, params)
                rows = cursor.fetchall()
        else:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        return plan, plan.convert(rows)

    def values(
        self,
        key: int | str,
        *shape,
        using: str = DEFAULT_DB_ALIAS,
        cursor: CursorWrapper | None = None,
    ) -> list[tuple]:
        """Rows of a values_list() query, converted as the ORM converts them."""
        return self._rows(key, shape, using, cursor)[1]

    def objects(
        self,
        key: int | str,
        *shape,
        using: str = DEFAULT_DB_ALIAS,
        cursor: CursorWrapper | None = None,
    ) -> list[Model]:
        """Model instances, with their select_related objects attached."""
        plan, rows = self._rows(key, shape, using, cursor)
        model, names, start, end, populators = plan.instances
        objects = []
        for row in rows:
            obj = model.from_db(plan.compiler.using, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
