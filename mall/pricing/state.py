"""The mutable working state the layers change, before it is frozen into a breakdown."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

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
from mall.pricing.freight import FreightQuote
from mall.pricing.matching import LineIndex, audience_admits
from mall.pricing.rules import (
    BASIS_POINTS,
    CatalogueRule,
    Layer,
    OrderRule,
    Party,
    Rule,
    RuleBase,
    ShippingRule,
    Shopper,
)
from mall.pricing.schedule import schedule_active

Parties = tuple[tuple[Party, int], ...]  # who pays, in basis points
Params = Mapping[str, ParamValue]


@dataclass
class WorkingLine:
    line: PricingLine
    position: int  # in the cart
    unit: int  # the unit price after the price-list and catalogue layers so far
    goods: int = 0
    total: int = 0  # what the line costs after the layers so far
    adjustments: list[Adjustment] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.goods = self.total = self.line.goods

    @property
    def discount(self) -> int:
        return self.goods - self.total

    def add(self, adjustment: Adjustment) -> None:
        """Record a layer's cut; nothing is recorded for 0 fen."""
        if adjustment.amount < 0 or adjustment.amount > self.total:
            raise ValueError(
                f"a discount of {adjustment.amount} does not fit SKU {self.line.sku_id}"
            )
        if adjustment.amount:
            self.adjustments.append(adjustment)
            self.total -= adjustment.amount


@dataclass
class WorkingShop:
    shop_id: int
    lines: list[WorkingLine]
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


@dataclass(frozen=True)
class Sponsor:
    """What the freeze step needs about a key: how to word it and who pays. `parties` None =
    each line's own shop (price lists)."""

    layer: Layer
    code: str
    name: str
    parties: Parties | None


@dataclass(frozen=True)
class Waiver:
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
        running: dict[int, bool] = {}  # by schedule object: rules often share one
        shops = {line.shop_id for line in request.lines}

        def runs(rule: Rule) -> bool:
            if rule.shop_id is not None and rule.shop_id not in shops:
                return False
            schedule = rule.schedule
            active = running.get(id(schedule))
            if active is None:
                active = running[id(schedule)] = schedule_active(schedule, request.moment)
            return (
                active
                and (rule.budget_left is None or rule.budget_left > 0)
                and audience_admits(rule.audience, request.shopper)
            )

        admitted = sorted(filter(runs, rules), key=rule_order)
        return cls(
            catalogue=tuple(r for r in admitted if isinstance(r, CatalogueRule)),
            order=tuple(r for r in admitted if isinstance(r, OrderRule)),
            shipping=tuple(r for r in admitted if isinstance(r, ShippingRule)),
        )


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
    joint: set[str] = field(default_factory=set)  # keys whose cost several parties share
    by_shop: dict[str, dict[int, int]] = field(default_factory=dict)  # fen per key, per shop

    @classmethod
    def start(cls, request: PricingRequest) -> "WorkingState":
        shops: dict[int, WorkingShop] = {}
        lines = []
        for position, line in enumerate(request.lines):
            if line.shop_id not in request.freight_templates:
                raise ValueError(f"no freight template given for shop {line.shop_id}")
            working = WorkingLine(line, position, unit=line.unit_price)
            shops.setdefault(line.shop_id, WorkingShop(line.shop_id, [])).lines.append(working)
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
        self.explanations.append(Explanation(code, params))

    def sponsor(self, key: str, sponsor: Sponsor) -> Sponsor:
        """Register how `key` is worded and paid for (the first registration stays)."""
        return self.sponsors.setdefault(key, sponsor)

    def adjust(self, working: WorkingLine, key: str, amount: int, params: Params) -> None:
        """Take `amount` off a line for the registered `key`. A single payer is recorded at
        once; a joint promotion's split waits for the freeze, which needs all its shares."""
        if amount == 0:
            return
        sponsor = self.sponsors[key]
        parties = sponsor.parties
        if parties is None:
            funded_by: Parties = ((working.line.shop_id, amount),)
        elif len(parties) == 1:
            funded_by = ((parties[0][0], amount),)
        else:
            funded_by = ()
            self.joint.add(key)
        working.add(Adjustment(sponsor.layer, key, sponsor.code, amount, funded_by, params))
        by_shop = self.by_shop.setdefault(key, {})
        shop_id = working.line.shop_id
        by_shop[shop_id] = by_shop.get(shop_id, 0) + amount

    def shop(self, shop_id: int) -> WorkingShop | None:
        return next((shop for shop in self.shops if shop.shop_id == shop_id), None)
