"""Checkout (issue 3) on PostgreSQL: (a) checkouts per second through `place_orders` against
plain inserts of the same rows, in one process; (b) the whole flow over HTTP with gunicorn —
sign in, add to cart, check out, pay at the sandbox cashier, paid — counted in paid checkouts per
second. Both run in bench/checkout_probe.py inside the benchmark's environment."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.databases import (
    CommandFailed,
    bench_env,
    drop_postgres,
    fresh_var_dir,
    manage,
    postgres_url,
    postgres_version,
    recreate_postgres,
    run_python,
)
from bench.machine import machine_facts
from bench.server import ServerError, gunicorn

DATABASE = "mall_bench_checkout"
SEED_PRODUCTS = 200
SEED_TIMEOUT = 900
PROBE_MARGIN = 300  # seconds a probe may take beyond its timed part (setup, warm-up, drain)


@dataclass(frozen=True)
class CheckoutLoad:
    """See docs/benchmarks.md for why these suit a 2-core machine."""

    seconds: int = 10  # place: per kind (split over the rounds); http: the timed window
    rounds: int = 5
    clients: int = 4
    workers: int = 2


def probe(env: dict[str, str], *args: str, timeout: float) -> dict[str, Any]:
    return json.loads(run_python(env, "-m", "bench.checkout_probe", *args, timeout=timeout)[1])


def build_fixture(env: dict[str, str], load: CheckoutLoad) -> dict[str, Any]:
    """A migrated, seeded mall with collected static files, then the probe's own fixture."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(
        env, "seed_demo", "--products", str(SEED_PRODUCTS), "--pictures-per-category", "2",
        "-v", "0", timeout=SEED_TIMEOUT,
    )  # fmt: skip
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return probe(env, "prepare", "--buyers", str(load.clients + 1), timeout=PROBE_MARGIN)


def measure_place(env: dict[str, str], fixture: dict, load: CheckoutLoad) -> dict[str, Any]:
    try:
        return probe(
            env, "place", "--fixture", json.dumps(fixture), "--seconds", str(load.seconds),
            "--rounds", str(load.rounds), timeout=2 * load.seconds + PROBE_MARGIN,
        )  # fmt: skip
    except CommandFailed as failure:
        return {"error": str(failure).splitlines()[0]}


def measure_http(env: dict[str, str], fixture: dict, load: CheckoutLoad) -> dict[str, Any]:
    log_path = Path(env["MALL_VAR_DIR"]) / "gunicorn-checkout.log"
    try:
        with gunicorn(env, log_path, workers=load.workers) as base_url:
            return probe(
                env, "http", "--fixture", json.dumps(fixture), "--base-url", base_url,
                "--clients", str(load.clients), "--seconds", str(load.seconds),
                timeout=load.seconds + PROBE_MARGIN,
            )  # fmt: skip
    except (CommandFailed, ServerError) as failure:
        return {"error": str(failure).splitlines()[0]}


def run(load: CheckoutLoad) -> dict[str, Any]:
    facts = machine_facts(postgresql=postgres_version())
    recreate_postgres(DATABASE)
    env = bench_env(fresh_var_dir("checkout"), DATABASE_URL=postgres_url(DATABASE))
    try:
        fixture = build_fixture(env, load)
        placing = measure_place(env, fixture, load)
        flow = measure_http(env, fixture, load)
    finally:
        drop_postgres(DATABASE)
    settings = {
        "database": f"PostgreSQL `{DATABASE}`, `seed_demo --products {SEED_PRODUCTS}`",
        "basket": f"{len(fixture['basket'])} lines (SKU ids {fixture['basket']}) from 2 shops "
        f"(ids {fixture['shops']}), delivered to Shanghai",
        "place": f"in-process, one buyer, {load.rounds} alternating rounds, "
        f"{load.seconds} s per kind",
        "http": f"gunicorn, {load.workers} sync workers, 127.0.0.1; {load.clients} client "
        f"threads for {load.seconds} s after one warm-up checkout each; outbox delivered in the "
        "client process",
    }
    return {
        "kind": "checkout",
        "machine": facts,
        "settings": settings,
        "place": placing,
        "http": flow,
        "load": asdict(load),
    }
