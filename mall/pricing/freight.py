"""Shipping fees from a shop's freight template (运费模板). Pure Python: no Django.

A template charges by piece or by weight: the first `first_units` cost `first_fee`, each further
`extra_units` (or part of them) cost `extra_fee`. Rules price groups of regions; the rule naming
the most specific part of the address (district, then city, then province) wins, the rule without
regions is the default. Excluded regions are not delivered to; free-over thresholds waive the fee.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Basis(StrEnum):
    PIECE = "piece"
    WEIGHT = "weight"  # grams


class Reason(StrEnum):
    """Machine codes for why a quote is what it is; Django-side code words them in Chinese."""

    NO_TEMPLATE = "no_template"  # the shop ships everything free
    NO_ITEMS = "no_items"
    EXCLUDED_REGION = "excluded_region"
    NO_RULE = "no_rule"  # the template prices no rule for this region
    FREE_OVER_AMOUNT = "free_over_amount"
    FREE_OVER_COUNT = "free_over_count"
    RULE = "rule"


@dataclass(frozen=True)
class FreightRule:
    """Prices for a group of regions; an empty `region_codes` makes it the default rule."""

    region_codes: frozenset[str]
    first_units: int
    first_fee: int  # fen
    extra_units: int
    extra_fee: int  # fen

    def __post_init__(self) -> None:
        if self.first_units < 1 or self.extra_units < 1:
            raise ValueError("freight units must be at least 1")
        if self.first_fee < 0 or self.extra_fee < 0:
            raise ValueError("freight fees cannot be negative")

    def fee_for(self, units: int) -> int:
        extra = max(0, units - self.first_units)
        return self.first_fee + -(-extra // self.extra_units) * self.extra_fee


@dataclass(frozen=True)
class FreightTemplate:
    template_id: int
    name: str
    basis: Basis
    rules: tuple[FreightRule, ...]
    free_over_amount: int | None = None  # fen of goods at or above which shipping is free
    free_over_count: int | None = None  # pieces at or above which shipping is free
    excluded_region_codes: frozenset[str] = frozenset()

    def rule_for(self, region_code: str | None) -> FreightRule | None:
        """The rule naming the most specific part of the region, else the default rule."""
        for code in region_ancestry(region_code):
            for rule in self.rules:
                if code in rule.region_codes:
                    return rule
        return next((rule for rule in self.rules if not rule.region_codes), None)

    def excludes(self, region_code: str | None) -> bool:
        return any(code in self.excluded_region_codes for code in region_ancestry(region_code))


@dataclass(frozen=True)
class FreightItem:
    quantity: int
    weight_grams: int  # of one piece
    amount: int  # fen of goods on this line (what the buyer pays for them)

    def __post_init__(self) -> None:
        if self.quantity < 1 or self.weight_grams < 0 or self.amount < 0:
            raise ValueError("a freight item needs quantity ≥ 1, weight ≥ 0 and amount ≥ 0")


@dataclass(frozen=True)
class FreightQuote:
    fee: int
    deliverable: bool
    reason: str


def region_ancestry(region_code: str | None) -> tuple[str, ...]:
    """A 6-digit region code and the codes of its city and province, most specific first:
    '310101' -> ('310101', '310100', '310000'). The statistical codes nest by prefix."""
    if not region_code:
        return ()
    codes = (region_code, region_code[:4] + "00", region_code[:2] + "0000")
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True)
class Tariff:
    """What a template charges for one destination, worked out once: whether the region is
    excluded and which rule prices it (None = no rule)."""

    template: FreightTemplate | None
    excluded: bool = False
    rule: FreightRule | None = None

    def quote(self, items: int, pieces: int, grams: int, amount: int) -> FreightQuote:
        """The fee for `items` lines of `pieces` pieces weighing `grams` and costing `amount`
        fen together."""
        template = self.template
        if template is None:
            return FreightQuote(0, True, Reason.NO_TEMPLATE)
        if not items:
            return FreightQuote(0, True, Reason.NO_ITEMS)
        if self.excluded:
            return FreightQuote(0, False, Reason.EXCLUDED_REGION)
        if self.rule is None:
            return FreightQuote(0, False, Reason.NO_RULE)
        if _reaches(template.free_over_amount, amount):
            return FreightQuote(0, True, Reason.FREE_OVER_AMOUNT)
        if _reaches(template.free_over_count, pieces):
            return FreightQuote(0, True, Reason.FREE_OVER_COUNT)
        units = grams if template.basis == Basis.WEIGHT else pieces
        return FreightQuote(self.rule.fee_for(units), True, Reason.RULE)


def tariff(template: FreightTemplate | None, region_code: str | None) -> Tariff:
    """The template's charges for `region_code` (None: no address yet, the default rule)."""
    if template is None:
        return Tariff(None)
    return Tariff(template, template.excludes(region_code), template.rule_for(region_code))


def quote(
    template: FreightTemplate | None, items: Sequence[FreightItem], region_code: str | None
) -> FreightQuote:
    """The fee for sending `items` to `region_code` (None: no address yet, the default rule)."""
    return tariff(template, region_code).quote(
        len(items),
        pieces=sum(item.quantity for item in items),
        grams=sum(item.quantity * item.weight_grams for item in items),
        amount=sum(item.amount for item in items),
    )


def _reaches(threshold: int | None, value: int) -> bool:
    return threshold is not None and value >= threshold
