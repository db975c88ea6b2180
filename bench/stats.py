"""Percentiles and the pass/fail targets of issues 2, 3 and 5."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `p`% of the values at or below.

    Always one of the measured values, never an interpolation between two of them.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < p <= 100:
        raise ValueError(f"percentile {p} is outside (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(Fraction(str(p)) * len(ordered) / 100)
    return ordered[rank - 1]


def summarize(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of a list of timings."""
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
    }


@dataclass(frozen=True)
class Target:
    """A figure the issue asks for: at least `limit` (a ratio) or at most `limit` (a time)."""

    limit: float
    at_least: bool

    def met(self, figure: float | None) -> bool | None:
        """None when there is no figure to judge."""
        if figure is None:
            return None
        return figure >= self.limit if self.at_least else figure <= self.limit

    def describe(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g}"


CACHED_PAGE = Target(0.7, at_least=True)
UNCACHED_TARGETS = {
    "product": Target(0.25, at_least=True),
    "listing": Target(0.15, at_least=True),
}
SEARCH_P95_MS = Target(50, at_least=False)
SEED_SECONDS = Target(300, at_least=False)
CHECKOUT_RATIO = Target(0.25, at_least=True)  # place_orders relative to plain inserts
PAID_CHECKOUTS_PER_SECOND = Target(20, at_least=True)
PRICING_MEDIAN_MS = Target(2, at_least=False)  # issue 5: 50 lines, 200 rules


FRAGMENTS = frozenset({"related"})  # loaded by a page after it: measured, without a target


def page_target(page: str, cached: bool) -> Target | None:
    """The issue sets no target for the uncached home page, nor for a page's fragments."""
    if page in FRAGMENTS:
        return None
    return CACHED_PAGE if cached else UNCACHED_TARGETS.get(page)
