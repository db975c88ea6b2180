"""`python -m bench [pages|search|seed|checkout|pricing|all]`: run, print the tables, update
docs/benchmarks.md."""

import argparse
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from bench import checkout, pages, pricing, search, seed
from bench.databases import CommandFailed
from bench.machine import load_average
from bench.report import publish
from bench.server import ServerError
from bench.wrk import WrkError

FAILURES = (CommandFailed, ServerError, WrkError, OSError)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "target",
        nargs="?",
        default="pages",
        choices=["pages", "search", "seed", "checkout", "pricing", "all"],
    )
    parser.add_argument("--seconds", type=positive_int, default=10, help="wrk time per URL")
    parser.add_argument(
        "--page-products", type=positive_int, default=2000, help="products behind the pages"
    )
    parser.add_argument(
        "--products", type=positive_int, default=100_000, help="products for search and seed"
    )
    parser.add_argument(
        "--rounds", type=positive_int, default=10, help="timed passes over the search queries"
    )
    parser.add_argument(
        "--clients", type=positive_int, default=4, help="HTTP shoppers in the checkout benchmark"
    )
    return parser.parse_args(argv)


def plan(args: argparse.Namespace) -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    """The benchmarks to run in order; `all` seeds PostgreSQL once for both seed and search,
    then runs checkout on its own database."""
    load = pages.Load(seconds=args.seconds)
    checkout_load = checkout.CheckoutLoad(seconds=args.seconds, clients=args.clients)
    steps = {
        "pages": [("pages", lambda: pages.run(args.page_products, load))],
        "seed": [("seed", lambda: seed.run(args.products))],
        "search": [("search", lambda: search.run(args.products, args.rounds))],
        "checkout": [("checkout", lambda: checkout.run(checkout_load))],
        "pricing": [("pricing", pricing.run)],
    }
    if args.target != "all":
        return steps[args.target]
    seeded: dict[str, Any] = {}

    def seed_and_keep() -> dict[str, Any]:
        seeded.update(seed.run(args.products, keep_postgres=True))
        return seeded

    def search_seeded() -> dict[str, Any]:
        reuse = bool(seeded) and seeded["rows"][0]["error"] is None
        return search.run(args.products, args.rounds, reuse_seeded=reuse)

    return [
        *steps["pages"],
        ("seed", seed_and_keep),
        ("search", search_seeded),
        *steps["checkout"],
        *steps["pricing"],
    ]


def warn_if_busy() -> None:
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        print(
            f"warning: load average {load:.1f} on {cores} cores; other work will skew the figures",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A SIGTERM unwinds like Ctrl+C, so every server started is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    warn_if_busy()
    failed = []
    for name, step in plan(args):
        print(f"== bench {name} …", flush=True)
        try:
            result = step()
            result["machine"]["load average at end"] = load_average()
            body = publish(result)
        except FAILURES as failure:
            print(f"bench {name} failed: {failure}", file=sys.stderr)
            failed.append(name)
            continue
        print(f"{body}\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
