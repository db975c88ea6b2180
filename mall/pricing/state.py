"""The mutable working state the layers change, before it is frozen into a breakdown."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from mall.pricing.breakdown import (
    Adjustment,
    CouponOption,
    Explanation,
    GiftLine,
    Hint,
    ParamValue,
    PricingLine,
    PricingRequest,
    Problem,
)
from mall.pricing.freight import FreightQuote, Tariff, tariff
from mall.pricing.frozen import make
from mall.pricing.matching import LineIndex, audience_admits
from mall.pricing.rules import (
    BASIS_POINTS,
    CatalogueRule,
    Layer,
    OrderRule,
    Party,
    Rule,
    RuleBase,
    Schedule,
    ShippingRule,
    Shopper,
)
from mall.pricing.schedule import schedule_active

Parties = tuple[tuple[Party, int], ...]  # who pays, in basis points
Params = Mapping[str, ParamValue]
TOTAL = attrgetter("total")
_new = object.__new__
_set = object.__setattr__


class WorkingLine:
    """A cart line as the layers change it (the line's ids and quantity copied out for the
    layers' inner loops)."""

    __slots__ = ("adjustments", "goods", "line", "position", "quantity", "shop_id", "sku_id",
                 "total", "unit")  # fmt: skip

    def __init__(self, line: PricingLine, position: int) -> None:
        self.line = line
        self.position = position  # in the cart
        self.sku_id = line.sku_id
        self.shop_id = line.shop_id
        self.quantity = line.quantity
        self.unit = line.unit_price  # after the price-list and catalogue layers so far
        self.goods = self.total = line.unit_price * line.quantity  # total: after the layers so far
        self.adjustments: list[Adjustment] = []

    @property
    def discount(self) -> int:
        return self.goods - self.total

    def add(self, adjustment: Adjustment) -> None:
        """Record a layer's cut; nothing is recorded for 0 fen."""
        self.check(adjustment.amount)
        if adjustment.amount:
            self.adjustments.append(adjustment)
            self.total -= adjustment.amount

    def check(self, amount: int) -> None:
        if amount < 0 or amount > self.total:
            raise ValueError(f"a discount of {amount} does not fit SKU {self.sku_id}")


@dataclass
class WorkingShop:
    shop_id: int
    lines: list[WorkingLine]
    tariff: Tariff
    freight_quote: FreightQuote | None = None
    freight_discount: int = 0
    gifts: list[GiftLine] = field(default_factory=list)

    @property
    def goods(self) -> int:
        return sum([line.goods for line in self.lines])

    @property
    def discount(self) -> int:
        return sum([line.goods - line.total for line in self.lines])

    @property
    def payable_goods(self) -> int:
        return self.goods - self.discount

    @cached_property
    def pieces(self) -> int:
        return sum([working.quantity for working in self.lines])

    @cached_property
    def grams(self) -> int:
        return sum([working.quantity * working.line.weight_grams for working in self.lines])

    def quote(self, totals: list[int] | None = None) -> FreightQuote:
        """The shop's freight on what its lines cost now (or on `totals`, by cart position)."""
        if totals is None:
            amount = sum(map(TOTAL, self.lines))
        else:
            amount = sum([totals[working.position] for working in self.lines])
        return self.tariff.quote(len(self.lines), self.pieces, self.grams, amount)


class Sponsor(NamedTuple):
    """What the freeze step needs about a key: how to word it and who pays. `parties` None =
    each line's own shop (price lists)."""

    layer: Layer
    code: str
    name: str
    parties: Parties | None


class Waiver(NamedTuple):
    """Freight a shipping rule or coupon waived for one shop."""

    key: str
    shop_id: int
    amount: int


@dataclass(frozen=True)
class ActiveRules:
    """The request's rules that run at its moment for its shopper and could touch its lines
    (a shop's rule only when that shop is in the cart), by layer, in a fixed order (higher
    priority first, then key) whatever order they were given in."""

    catalogue: tuple[CatalogueRule, ...]
    order: tuple[OrderRule, ...]
    shipping: tuple[ShippingRule, ...]

    @classmethod
    def select(cls, rules: tuple[Rule, ...], request: PricingRequest) -> "ActiveRules":
        shops = {line.shop_id for line in request.lines}
        running: dict[Schedule, bool] = {}  # rules often share a schedule (an equal one)
        admitted = []
        for rule in rules:
            shop_id = rule.shop_id
            if shop_id is not None and shop_id not in shops:
                continue
            if rule.budget_left is not None and rule.budget_left <= 0:
                continue
            schedule = rule.schedule
            if schedule.windows or schedule.starts_at is not None or schedule.ends_at is not None:
                active = running.get(schedule)
                if active is None:
                    active = running[schedule] = schedule_active(schedule, request.moment)
                if not active:
                    continue
            if audience_admits(rule.audience, request.shopper):
                admitted.append(rule)
        # by priority (higher first), then key: two stable sorts, without a key tuple per rule
        admitted.sort(key=attrgetter("key"))
        admitted.sort(key=attrgetter("priority"), reverse=True)
        catalogue, order, shipping = [], [], []
        for rule in admitted:
            if isinstance(rule, CatalogueRule):
                catalogue.append(rule)
            elif isinstance(rule, OrderRule):
                order.append(rule)
            elif isinstance(rule, ShippingRule):
                shipping.append(rule)
        return cls(catalogue=tuple(catalogue), order=tuple(order), shipping=tuple(shipping))


def rule_runs(rule: RuleBase, moment: datetime | None, shopper: Shopper) -> bool:
    """Budget left (or none set), inside its schedule, and for this shopper."""
    return (
        (rule.budget_left is None or rule.budget_left > 0)
        and schedule_active(rule.schedule, moment)
        and audience_admits(rule.audience, shopper)
    )


def rule_order(rule: RuleBase) -> tuple[int, str]:
    return (-rule.priority, rule.key)


def rule_parties(rule: RuleBase) -> Parties:
    """Its `funding`, else all of it on its owner (the shop, or the platform)."""
    return tuple(rule.funding) or ((rule.shop_id, BASIS_POINTS),)


@dataclass
class WorkingState:
    request: PricingRequest
    shops: list[WorkingShop]
    lines: list[WorkingLine]
    index: LineIndex
    rules: ActiveRules
    explanations: list[Explanation] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    coupon_options: list[CouponOption] = field(default_factory=list)
    sponsors: dict[str, Sponsor] = field(default_factory=dict)
    waivers: list[Waiver] = field(default_factory=list)
    free_shipping_coupons: dict[int, str] = field(default_factory=dict)  # shop id → coupon key
    # keys whose cost several parties share → where their adjustments are (line, index)
    joint: dict[str, list[tuple[WorkingLine, int]]] = field(default_factory=dict)
    by_shop: dict[str, dict[int, int]] = field(default_factory=dict)  # fen per key, per shop

    @classmethod
    def start(cls, request: PricingRequest) -> "WorkingState":
        shops: dict[int, WorkingShop] = {}
        lines = []
        templates, region = request.freight_templates, request.region_code
        for position, line in enumerate(request.lines):
            shop = shops.get(line.shop_id)
            if shop is None:
                if line.shop_id not in templates:
                    raise ValueError(f"no freight template given for shop {line.shop_id}")
                tariff_ = tariff(templates[line.shop_id], region)
                shop = shops[line.shop_id] = WorkingShop(line.shop_id, [], tariff_)
            working = WorkingLine(line, position)
            shop.lines.append(working)
            lines.append(working)
        if len({line.sku_id for line in request.lines}) < len(request.lines):
            raise ValueError("a SKU appears on more than one line")
        return cls(
            request=request,
            shops=list(shops.values()),
            lines=lines,
            index=LineIndex(request.lines),
            rules=ActiveRules.select(request.rules, request),
        )

    def explain(self, code: str, **params: ParamValue) -> None:
        self.explanations.append(make(Explanation, {"code": code, "params": params}))

    def sponsor(self, key: str, sponsor: Sponsor) -> Sponsor:
        """Register how `key` is worded and paid for (the first registration stays)."""
        return self.sponsors.setdefault(key, sponsor)

    def adjust(self, working: WorkingLine, key: str, amount: int, params: Params) -> None:
        """Take `amount` off a line for the registered `key`. A single payer is recorded at
        once; a joint promotion's split waits for the freeze, which needs all its shares."""
        if amount == 0:
            return
        if amount < 0 or amount > working.total:
            working.check(amount)
        layer, code, _name, parties = self.sponsors[key]
        if parties is None:
            funded_by: Parties = ((working.shop_id, amount),)
        elif len(parties) == 1:
            funded_by = ((parties[0][0], amount),)
        else:
            funded_by = ()
            self.joint.setdefault(key, []).append((working, len(working.adjustments)))
        fields = {"layer": layer, "key": key, "code": code, "amount": amount,
                  "funded_by": funded_by, "params": params}  # fmt: skip
        adjustment = _new(Adjustment)  # frozen.make, inlined on the hottest path
        _set(adjustment, "__dict__", fields)
        working.adjustments.append(adjustment)
        working.total -= amount
        by_shop = self.by_shop.get(key)
        if by_shop is None:
            self.by_shop[key] = {working.shop_id: amount}
        else:
            by_shop[working.shop_id] = by_shop.get(working.shop_id, 0) + amount

    def totals(self) -> list[int]:
        """What each line costs now, by cart position."""
        return list(map(TOTAL, self.lines))

    def shop(self, shop_id: int) -> WorkingShop | None:
        return next((shop for shop in self.shops if shop.shop_id == shop_id), None)
