"""Layer CATALOGUE: time-slot discounts, special prices, percent and amount off products.

Every rule is worked out per unit on the layer's base (the unit price after the price lists),
so a unit price stays a whole number of fen and rules never compound: stacked rules each take
their cut of the same base, together at most the base. Of the rules sharing an exclusive group
only the one giving the line most applies.
"""

from collections.abc import Iterable
from datetime import datetime

from mall.pricing.breakdown import ParamValue
from mall.pricing.rules import (
    BASIS_POINTS,
    CatalogueKind,
    CatalogueRule,
    Layer,
    RuleBase,
    Schedule,
)
from mall.pricing.schedule import current_window, window_label
from mall.pricing.state import Sponsor, WorkingState, rule_parties

CODES = {
    CatalogueKind.PERCENT: "discount",
    CatalogueKind.AMOUNT: "amount_off",
    CatalogueKind.SPECIAL: "special",
}


class Budgets:
    """What each rule may still give in this pricing (None = no budget)."""

    def __init__(self) -> None:
        self.spent: dict[str, int] = {}

    def cap(self, rule: RuleBase, amount: int) -> int:
        if rule.budget_left is None:
            return amount
        return min(amount, max(rule.budget_left - self.spent.get(rule.key, 0), 0))

    def spend(self, rule: RuleBase, amount: int) -> None:
        if rule.budget_left is not None:
            self.spent[rule.key] = self.spent.get(rule.key, 0) + amount


class Offer:
    """A catalogue rule as the per-line loop reads it, worked out once per pricing: `keep`
    (PERCENT: basis points of the unit kept, else -1), `amount` (AMOUNT: fen off each unit,
    else -1), or else its special prices; `params` words its cut on any line (once it cut
    one)."""

    __slots__ = ("amount", "budgeted", "group", "keep", "params", "rule", "special_prices")

    def __init__(self, rule: CatalogueRule) -> None:
        self.rule = rule
        self.group = rule.exclusive_group
        self.budgeted = rule.budget_left is not None
        self.keep = self.amount = -1
        self.special_prices = rule.special_prices
        self.params: dict[str, ParamValue] | None = None
        if rule.kind == CatalogueKind.PERCENT:
            self.keep = BASIS_POINTS - min(max(rule.discount_bp, 0), BASIS_POINTS)
        elif rule.kind == CatalogueKind.AMOUNT:
            self.amount = max(rule.amount, 0)


Pick = tuple[Offer, int, int]  # the rule, fen off each unit, fen off the line (cut × quantity,
# or what the budget had left)


def percent_cut(unit: int, discount_bp: int) -> int:
    """Fen off one unit for `discount_bp` off: the unit after is rounded half up."""
    keep = BASIS_POINTS - min(max(discount_bp, 0), BASIS_POINTS)
    return unit - (unit * keep * 2 + BASIS_POINTS) // (2 * BASIS_POINTS)


def pick_rules(
    offers: Iterable[Offer], sku_id: int, unit: int, quantity: int, budgets: Budgets
) -> list[Pick]:
    """The rules that apply to one line (`offers` in rule order: priority, then key) and what
    each takes. Each cuts the same base `unit` (a percentage as `percent_cut`); of an exclusive
    group the rule giving most wins, the first in rule order on a tie; together they take at
    most `unit`, a later cut shortened."""
    candidates: list[tuple[Offer, int]] = []  # in rule order, each cutting something
    winners: dict[str, tuple[int, int]] = {}  # group → (what its best gives, its candidate)
    for offer in offers:
        if offer.keep >= 0:
            cut = unit - (unit * offer.keep * 2 + BASIS_POINTS) // (2 * BASIS_POINTS)
        elif offer.amount >= 0:
            cut = offer.amount if offer.amount < unit else unit
        else:
            special = offer.special_prices.get(sku_id)
            cut = 0 if special is None else unit - max(special, 0)
        if cut <= 0:
            continue
        group = offer.group
        if group is not None:
            amount = budgets.cap(offer.rule, cut * quantity) if offer.budgeted else cut * quantity
            known = winners.get(group)
            if known is not None and amount <= known[0]:
                continue
            winners[group] = (amount, len(candidates))
        candidates.append((offer, cut))
    picks: list[Pick] = []
    taken = 0
    for index, (offer, cut) in enumerate(candidates):
        if offer.group is not None and winners[offer.group][1] != index:
            continue
        if cut > unit - taken:
            cut = unit - taken
        amount = budgets.cap(offer.rule, cut * quantity) if offer.budgeted else cut * quantity
        if amount > 0:
            taken += cut
            picks.append((offer, cut, amount))
    return picks


def catalogue_code(rule: CatalogueRule) -> str:
    return "time_slot" if rule.schedule.windows else CODES[rule.kind]


def catalogue_params(
    rule: CatalogueRule, sku_id: int, moment: datetime | None
) -> dict[str, ParamValue]:
    params = rule_params(rule, current_label(rule.schedule, moment))
    if rule.kind == CatalogueKind.SPECIAL:
        params["unit_price"] = rule.special_prices.get(sku_id)
    return params


def current_label(schedule: Schedule, moment: datetime | None) -> str | None:
    """The label of the window `moment` falls in, if any."""
    window = current_window(schedule, moment)
    return None if window is None else window_label(window)


def rule_params(rule: CatalogueRule, window: str | None) -> dict[str, ParamValue]:
    """What words a rule's cut on any line (a special price adds the SKU's price), in the
    window labelled `window` if any."""
    params: dict[str, ParamValue] = {"key": rule.key, "name": rule.name, "kind": str(rule.kind)}
    if rule.kind == CatalogueKind.PERCENT:
        params["discount_bp"] = rule.discount_bp
    elif rule.kind == CatalogueKind.AMOUNT:
        params["amount"] = rule.amount
    if window is not None:
        params["window"] = window
    return params


def price_catalogue(state: WorkingState) -> None:
    """Each line's catalogue rules; budgets are spent line by line in SKU order."""
    offers_by_line: dict[int, list[Offer]] = {}
    for rule in state.rules.catalogue:
        positions = state.index.matching(rule.scope, rule.shop_id)
        if not positions:
            continue
        offer = Offer(rule)
        for position in positions:
            found = offers_by_line.get(position)
            if found is None:
                offers_by_line[position] = [offer]
            else:
                found.append(offer)
    budgets = Budgets()
    labels: dict[Schedule, str | None] = {}  # of each time slot's window, as rules share them
    lines, adjust = state.lines, state.adjust
    by_sku = {lines[position].sku_id: position for position in offers_by_line}
    for sku_id in sorted(by_sku):
        working = lines[by_sku[sku_id]]
        quantity = working.quantity
        whole = 0  # fen off the unit price from the rules that cut every unit
        for offer, cut, amount in pick_rules(
            offers_by_line[by_sku[sku_id]], sku_id, working.unit, quantity, budgets
        ):
            rule = offer.rule
            params = offer.params
            if params is None:
                params = offer.params = _register(state, rule, labels)
            if offer.keep < 0 and offer.amount < 0:  # a special price names the SKU's price
                params = {**params, "unit_price": rule.special_prices.get(sku_id)}
            adjust(working, rule.key, amount, params)
            if offer.budgeted:
                budgets.spend(rule, amount)
            if amount == cut * quantity:
                whole += cut
        working.unit -= whole


def _register(
    state: WorkingState, rule: CatalogueRule, labels: dict[Schedule, str | None]
) -> dict[str, ParamValue]:
    """Register the rule's wording and payers; its params for every line (`labels`: the
    current window's label of each time slot's schedule, worked out once)."""
    code = catalogue_code(rule)
    state.sponsor(rule.key, Sponsor(Layer.CATALOGUE, code, rule.name, rule_parties(rule)))
    schedule = rule.schedule
    if not schedule.windows:
        return rule_params(rule, None)
    if schedule not in labels:
        labels[schedule] = current_label(schedule, state.request.moment)
    return rule_params(rule, labels[schedule])
