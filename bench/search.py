"""Search: latency of `mall.search.selectors.search_products` over N seeded products on
PostgreSQL, timed in-process by bench/search_probe.py (no HTTP or template time included)."""

import json
from typing import Any

from bench.databases import (
    BENCH_VAR,
    bench_env,
    drop_postgres,
    manage,
    postgres_env,
    postgres_url,
    postgres_version,
    run_python,
)
from bench.machine import machine_facts
from bench.seed import SEED_TIMEOUT
from bench.stats import percentile, summarize

PROBE_TIMEOUT = 1800


def seeded_postgres(products: int, reuse_seeded: bool) -> dict[str, str]:
    if reuse_seeded:
        return bench_env(BENCH_VAR / "seed-postgres", DATABASE_URL=postgres_url())
    env = postgres_env("search")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--products", str(products), timeout=SEED_TIMEOUT)
    return env


def per_query(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each query's hits, p50 and max, slowest first."""
    rows = [
        {
            "query": s["query"],
            "hits": s["hits"],
            "p50": percentile(s["ms"], 50),
            "max": max(s["ms"]),
        }
        for s in samples
    ]
    return sorted(rows, key=lambda row: row["p50"], reverse=True)


def run(products: int, rounds: int, reuse_seeded: bool = False) -> dict[str, Any]:
    facts = machine_facts(postgresql=postgres_version())
    try:
        env = seeded_postgres(products, reuse_seeded)
        output = run_python(
            env, "-m", "bench.search_probe", "--rounds", str(rounds), timeout=PROBE_TIMEOUT
        )[1]
    finally:
        drop_postgres()
    samples = json.loads(output)["queries"]
    timings = [ms for sample in samples for ms in sample["ms"]]
    settings = {
        "database": f"PostgreSQL, `seed_demo --products {products}`, then ANALYZE",
        "method": f"{len(samples)} queries, one untimed pass, then {rounds} timed passes, "
        "in-process, first page of results materialised",
        "timed queries": len(timings),
    }
    return {
        "kind": "search",
        "machine": facts,
        "settings": settings,
        "summary": summarize(timings),
        "queries": per_query(samples),
    }
