"""Results as JSON under bench/results/ and as the generated sections of docs/benchmarks.md.

The document keeps its hand-written prose; each benchmark owns the text between
`<!-- bench:NAME -->` and `<!-- /bench:NAME -->` and replaces only that on every run.
"""

import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.stats import (
    CHECKOUT_RATIO,
    PAID_CHECKOUTS_PER_SECOND,
    PRICING_MEDIAN_MS,
    SEARCH_P95_MS,
    SEED_SECONDS,
    page_target,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DOC_PATH = ROOT / "docs" / "benchmarks.md"
PAGE_LABELS = {
    "home": "home",
    "listing": "category listing",
    "product": "product",
    "related": "product's 相关推荐 shelf",
}


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = [headers, ["---"] * len(headers), *rows]
    return "\n".join("| " + " | ".join(cell(value) for value in line) + " |" for line in lines)


def verdict(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[met]


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def machine_lines(facts: dict[str, str], settings: dict[str, object]) -> str:
    items = [*facts.items(), *settings.items()]
    return "\n".join(f"- {name}: {value}" for name, value in items)


def render_pages(result: dict[str, Any]) -> str:
    rows = []
    for row in result["rows"]:
        target = page_target(row["page"], row["cached"])
        measured = row.get("error") is None
        # A page that could not be measured has not met its target either.
        met = (target.met(row["ratio"]) if measured else False) if target else None
        rows.append(
            [
                PAGE_LABELS[row["page"]],
                f"`{row['path']}`" if row.get("path") else "—",
                "cached" if row["cached"] else "uncached",
                f"{row['rps']:.0f}" if measured else row["error"],
                ms(row.get("p50_ms")),
                ms(row.get("p99_ms")),
                f"{row['ping_rps']:.0f}" if measured else "—",
                f"{row['ratio']:.2f}" if measured else "—",
                target.describe() if target else "—",
                verdict(met),
            ]
        )
    headers = [
        "page",
        "URL",
        "page cache",
        "req/s",
        "p50 ms",
        "p99 ms",
        "/ping req/s",
        "ratio",
        "target",
        "met",
    ]
    return f"{machine_lines(result['machine'], result['settings'])}\n\n{table(headers, rows)}"


def render_search(result: dict[str, Any]) -> str:
    summary = result["summary"]
    overall = table(
        ["queries timed", "p50 ms", "p95 ms", "p99 ms", "max ms", "target p95", "met"],
        [
            [
                result["settings"]["timed queries"],
                ms(summary["p50"]),
                ms(summary["p95"]),
                ms(summary["p99"]),
                ms(summary["max"]),
                f"{SEARCH_P95_MS.describe()} ms",
                verdict(SEARCH_P95_MS.met(summary["p95"])),
            ]
        ],
    )
    per_query = table(
        ["query", "hits", "p50 ms", "max ms"],
        [[f"`{q['query']}`", q["hits"], ms(q["p50"]), ms(q["max"])] for q in result["queries"]],
    )
    return (
        f"{machine_lines(result['machine'], result['settings'])}\n\n{overall}\n\n"
        f"Per query (slowest first):\n\n{per_query}"
    )


def render_seed(result: dict[str, Any]) -> str:
    rows = [
        [
            row["database"],
            row["products"],
            row["error"] or f"{row['seconds']:.0f} s",
            f"{SEED_SECONDS.describe()} s",
            verdict(row["error"] is None and SEED_SECONDS.met(row["seconds"])),
        ]
        for row in result["rows"]
    ]
    headers = ["database", "products", "seed_demo time", "target", "met"]
    return f"{machine_lines(result['machine'], result['settings'])}\n\n{table(headers, rows)}"


def checkout_place_table(place: dict[str, Any]) -> str:
    headers = ["figure", "place_orders", "plain inserts", "ratio", "target", "met"]
    target = CHECKOUT_RATIO.describe()
    if place.get("error"):
        return table(headers, [["checkouts/s", place["error"], "—", "—", target, verdict(False)]])
    rate, count = place["rate"], place["checkouts"]
    row = [
        f"checkouts/s ({place['lines_per_checkout']} lines → {place['orders_per_checkout']} "
        "orders + 1 payment)",
        f"{rate['place_orders']:.1f} ({count['place_orders']} checkouts)",
        f"{rate['baseline']:.1f} ({count['baseline']} checkouts)",
        f"{place['ratio']:.2f}",
        target,
        verdict(CHECKOUT_RATIO.met(place["ratio"])),
    ]
    return table(headers, [row])


def checkout_http_table(flow: dict[str, Any]) -> str:
    headers = ["paid checkouts/s", "p50 ms", "p95 ms", "requests", "notifications verified",
               "errors", "target", "met"]  # fmt: skip
    target = f"{PAID_CHECKOUTS_PER_SECOND.describe()}, 0 errors"
    if flow.get("error"):
        return table(headers, [[flow["error"], "—", "—", "—", "—", "—", target, verdict(False)]])
    errors = ", ".join(f"{kind}: {n}" for kind, n in sorted(flow["errors"].items()))
    met = not flow["errors"] and PAID_CHECKOUTS_PER_SECOND.met(flow["rate"])
    row = [
        f"{flow['rate']:.1f} ({flow['paid']} in {flow['seconds']:g} s)",
        ms(flow["p50_ms"]),
        ms(flow["p95_ms"]),
        flow["requests"],
        flow["notifications delivered"],
        errors or "0",
        target,
        verdict(met),
    ]
    return table(headers, [row])


def render_checkout(result: dict[str, Any]) -> str:
    return (
        f"{machine_lines(result['machine'], result['settings'])}\n\n"
        f"Placing orders (in-process):\n\n{checkout_place_table(result['place'])}\n\n"
        "The whole flow over HTTP (sign-in before the clock starts):\n\n"
        f"{checkout_http_table(result['http'])}"
    )


def render_pricing(result: dict[str, Any]) -> str:
    summary, cpu = result["summary"], result["cpu"]
    row = [
        result["settings"]["timed calls"],
        f"{summary['p50']:.2f}",
        f"{summary['p95']:.2f}",
        f"{summary['max']:.2f}",
        f"{cpu['p50']:.2f}",
        f"{PRICING_MEDIAN_MS.describe()} ms",
        verdict(PRICING_MEDIAN_MS.met(summary["p50"])),
    ]
    headers = ["calls timed", "median ms", "p95 ms", "max ms", "CPU median ms", "target median",
               "met"]  # fmt: skip
    return f"{machine_lines(result['machine'], result['settings'])}\n\n{table(headers, [row])}"


RENDERERS = {
    "pages": render_pages,
    "search": render_search,
    "seed": render_seed,
    "checkout": render_checkout,
    "pricing": render_pricing,
}


def replace_section(document: str, name: str, body: str) -> str:
    """The document with the text between the markers of section `name` replaced by `body`."""
    pattern = re.compile(
        rf"(<!-- bench:{re.escape(name)} -->\n).*?(\n<!-- /bench:{re.escape(name)} -->)",
        re.DOTALL,
    )
    if not pattern.search(document):
        raise ValueError(f"docs/benchmarks.md has no <!-- bench:{name} --> section")
    return pattern.sub(lambda match: f"{match[1]}{body}{match[2]}", document, count=1)


def publish(result: dict[str, Any]) -> str:
    """Save the JSON, rewrite the document's section, and return the rendered section."""
    kind = result["kind"]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    payload = json.dumps(result, ensure_ascii=False, indent=2)
    (RESULTS_DIR / f"{kind}-{stamp}.json").write_text(payload + "\n", encoding="utf-8")
    body = RENDERERS[kind](result)
    DOC_PATH.write_text(
        replace_section(DOC_PATH.read_text(encoding="utf-8"), kind, body), encoding="utf-8"
    )
    return body
