"""Seeding: wall-clock time of `manage.py seed_demo --products N` into an empty, migrated
database, on PostgreSQL and on SQLite."""

from typing import Any

from bench.databases import (
    CommandFailed,
    drop_postgres,
    manage,
    postgres_env,
    postgres_version,
    run_python,
    sqlite_env,
)
from bench.machine import machine_facts

SEED_TIMEOUT = 900  # three times the target: past that the run is reported as failed


def time_seed(env: dict[str, str], database: str, products: int) -> dict[str, Any]:
    """The row for one database; `report` keeps seed_demo's own per-phase timings."""
    row: dict[str, Any] = {
        "database": database,
        "products": products,
        "seconds": None,
        "error": None,
        "report": "",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    command = ("manage.py", "seed_demo", "--products", str(products))
    try:
        row["seconds"], row["report"] = run_python(env, *command, timeout=SEED_TIMEOUT)
    except CommandFailed as failure:
        row["error"] = str(failure).splitlines()[0]
    return row


def run(products: int, keep_postgres: bool = False) -> dict[str, Any]:
    """With `keep_postgres`, the seeded `mall_bench` database is left for the search benchmark."""
    facts = machine_facts(postgresql=postgres_version())
    rows = [time_seed(postgres_env("seed-postgres"), "PostgreSQL", products)]
    if not keep_postgres:
        drop_postgres()
    rows.append(time_seed(sqlite_env("seed-sqlite"), "SQLite (WAL)", products))
    settings = {"command": f"`manage.py seed_demo --products {products}` after `migrate`"}
    return {"kind": "seed", "machine": facts, "settings": settings, "rows": rows}
