"""The benchmark's own databases and the management commands run against them.

Nothing here touches the developer's database: SQLite files live under var/bench/, and the
PostgreSQL database is `mall_bench` on the local server, dropped and created afresh.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from bench.wrk import LOOPBACK_HOSTS

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "mall_bench"
# Settings read from the environment that would make a run depend on the caller's shell.
MALL_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "MALL_VAR_DIR",
    "MEDIA_ROOT",
    "DJANGO_DEBUG",
    "MALL_PAGE_CACHE",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
)


class CommandFailed(RuntimeError):
    pass


def bench_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """The caller's environment without the mall's settings, plus the benchmark's own."""
    env = {key: value for key, value in os.environ.items() if key not in MALL_SETTINGS}
    env.update(
        MALL_VAR_DIR=str(var_dir),
        DJANGO_DEBUG="0",
        CELERY_TASK_ALWAYS_EAGER="1",  # no worker runs: background work happens inline
        MALL_LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def fresh_var_dir(name: str) -> Path:
    var_dir = BENCH_VAR / name
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    return var_dir


def sqlite_env(name: str) -> dict[str, str]:
    """An empty SQLite database (the default URL under its own MALL_VAR_DIR)."""
    return bench_env(fresh_var_dir(name))


def postgres_url(database: str = POSTGRES_DATABASE) -> str:
    server = urlsplit(POSTGRES_SERVER)
    if server.hostname not in LOOPBACK_HOSTS:
        raise CommandFailed(f"BENCH_POSTGRES_URL must be a loopback server: {POSTGRES_SERVER}")
    return server._replace(path=f"/{database}").geturl()


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(postgres_url("postgres"), autocommit=True, connect_timeout=10)


def recreate_postgres(database: str = POSTGRES_DATABASE) -> None:
    """Drop and create the database with a UTF-8 ctype (pg_trgm needs it for Chinese text)."""
    with _admin_connection() as connection:
        name = sql.Identifier(database)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(
            sql.SQL(
                "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ).format(name)
        )


def drop_postgres(database: str = POSTGRES_DATABASE) -> None:
    with _admin_connection() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )


def postgres_env(name: str) -> dict[str, str]:
    """An empty `mall_bench` database; uploads and static files under var/bench/<name>."""
    recreate_postgres()
    return bench_env(fresh_var_dir(name), DATABASE_URL=postgres_url())


def postgres_version() -> str:
    with _admin_connection() as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def run_python(env: dict[str, str], *args: str, timeout: float) -> tuple[float, str]:
    """Run `python <args>` in the project root; wall-clock seconds and stdout."""
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        raise CommandFailed(f"{' '.join(args)} did not finish within {timeout:g} s") from expired
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise CommandFailed(
            f"{' '.join(args)} exited with {completed.returncode}:\n{completed.stderr[-3000:]}"
        )
    return elapsed, completed.stdout


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> float:
    """Run a management command; its wall-clock seconds."""
    return run_python(env, "manage.py", *args, timeout=timeout)[0]
