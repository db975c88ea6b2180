"""Pages: requests/s and p50/p99 of the home, a listing and a product page, with the page cache
on (warm) and off, each against /ping measured in the same server run, just before the page."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.databases import manage, run_python, sqlite_env
from bench.machine import machine_facts
from bench.server import fetch, gunicorn
from bench.wrk import WrkError, WrkResult, run_wrk

PING = "/ping"


@dataclass(frozen=True)
class Load:
    """wrk's settings; see docs/benchmarks.md for why these suit a 2-core machine."""

    seconds: int = 10
    warmup_seconds: int = 3
    connections: int = 2
    threads: int = 1
    workers: int = 2

    def run(self, url: str, seconds: int | None = None) -> WrkResult:
        return run_wrk(
            url,
            seconds=seconds or self.seconds,
            connections=self.connections,
            threads=self.threads,
        )


def build_fixture(products: int) -> dict[str, str]:
    """A fresh SQLite mall of `products` demo products with collected static files."""
    env = sqlite_env("pages")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--products", str(products), timeout=1800)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return env


def discover_pages(env: dict[str, str]) -> dict[str, str | None]:
    """The pages, and the product page's 相关推荐 shelf that it loads when scrolled to (htmx):
    measured too, so the page's figure never hides what moved out of it."""
    found = json.loads(run_python(env, "-m", "bench.discover", timeout=300)[1])
    product = found["product"]
    related = f"{product}related/" if product else None
    return {"home": "/", "listing": found["listing"], "product": product, "related": related}


def measure_page(base_url: str, page: str, path: str | None, cached: bool, load: Load) -> dict:
    """One page against /ping; a page that cannot be loaded becomes a row with its error."""
    row: dict[str, Any] = {"page": page, "path": path, "cached": cached, "error": None}
    if path is None:
        return {**row, "error": "no such page in the data"}
    try:
        status = fetch(base_url + path)[0]
        if status != 200:
            return {**row, "error": f"HTTP {status}"}
        load.run(base_url + path, seconds=load.warmup_seconds)
        ping = load.run(base_url + PING)
        result = load.run(base_url + path)
    except (OSError, WrkError) as failure:
        return {**row, "error": f"{type(failure).__name__}: {failure}"[:200]}
    if ping.failed or result.failed:
        return {**row, "error": f"{ping.failed + result.failed} failed requests"}
    return {
        **row,
        "rps": result.rps,
        "p50_ms": result.p50_ms,
        "p99_ms": result.p99_ms,
        "ping_rps": ping.rps,
        "ping_p50_ms": ping.p50_ms,
        "ping_p99_ms": ping.p99_ms,
        "ratio": result.rps / ping.rps,
    }


def run(products: int, load: Load) -> dict[str, Any]:
    facts = machine_facts()
    env = build_fixture(products)
    pages = discover_pages(env)
    rows = []
    for cached in (True, False):
        server_env = {**env, "MALL_PAGE_CACHE": "1" if cached else "0"}
        log_path = Path(env["MALL_VAR_DIR"]) / f"gunicorn-{'' if cached else 'un'}cached.log"
        with gunicorn(server_env, log_path, workers=load.workers) as base_url:
            rows += [
                measure_page(base_url, page, path, cached, load) for page, path in pages.items()
            ]
    settings = {
        "database": f"SQLite (WAL), local-memory cache, `seed_demo --products {products}`",
        "server": f"gunicorn, {load.workers} sync workers, 127.0.0.1",
        "load": f"wrk, {load.threads} thread, {load.connections} connections, "
        f"{load.seconds} s per URL after {load.warmup_seconds} s of warm-up",
    }
    return {
        "kind": "pages",
        "machine": facts,
        "settings": settings,
        "rows": rows,
        "load": asdict(load),
    }
