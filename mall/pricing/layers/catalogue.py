"""Layer CATALOGUE: time-slot discounts, special prices, percent and amount off products.

Every rule is worked out per unit on the layer's base (the unit price after the price lists),
so a unit price stays a whole number of fen and rules never compound: stacked rules each take
their cut of the same base, together at most the base. Of the rules sharing an exclusive group
only the one giving the line most applies.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mall.pricing.breakdown import ParamValue
from mall.pricing.rules import BASIS_POINTS, CatalogueKind, CatalogueRule, Layer, RuleBase
from mall.pricing.schedule import current_window, window_label
from mall.pricing.state import Sponsor, WorkingState, rule_order, rule_parties

CODES = {
    CatalogueKind.PERCENT: "discount",
    CatalogueKind.AMOUNT: "amount_off",
    CatalogueKind.SPECIAL: "special",
}


class Budgets:
    """What each rule may still give in this pricing (None = no budget)."""

    def __init__(self) -> None:
        self.spent: dict[str, int] = defaultdict(int)

    def cap(self, rule: RuleBase, amount: int) -> int:
        if rule.budget_left is None:
            return amount
        return min(amount, max(rule.budget_left - self.spent[rule.key], 0))

    def spend(self, rule: RuleBase, amount: int) -> None:
        self.spent[rule.key] += amount


@dataclass(frozen=True)
class Pick:
    rule: CatalogueRule
    cut: int  # fen off each unit
    amount: int  # fen off the line: cut × quantity, or what the budget had left

    def whole(self, quantity: int) -> bool:
        return self.amount == self.cut * quantity


def percent_cut(unit: int, discount_bp: int) -> int:
    """Fen off one unit for `discount_bp` off: the unit after is rounded half up."""
    keep = BASIS_POINTS - min(max(discount_bp, 0), BASIS_POINTS)
    return unit - (unit * keep * 2 + BASIS_POINTS) // (2 * BASIS_POINTS)


def unit_cut(rule: CatalogueRule, sku_id: int, unit: int) -> int:
    if rule.kind == CatalogueKind.PERCENT:
        return percent_cut(unit, rule.discount_bp)
    if rule.kind == CatalogueKind.AMOUNT:
        return min(max(rule.amount, 0), unit)
    special = rule.special_prices.get(sku_id)
    return 0 if special is None else max(unit - max(special, 0), 0)


def pick_rules(
    rules: Iterable[CatalogueRule], sku_id: int, unit: int, quantity: int, budgets: Budgets
) -> list[Pick]:
    """The rules that apply to one line (`rules` in rule order) and what each takes."""
    chosen: list[tuple[CatalogueRule, int]] = []
    best_in_group: dict[str, tuple[tuple[int, int, str], CatalogueRule, int]] = {}
    for rule in rules:
        cut = unit_cut(rule, sku_id, unit)
        if cut <= 0:
            continue
        if rule.exclusive_group is None:
            chosen.append((rule, cut))
            continue
        rank = (-budgets.cap(rule, cut * quantity), *rule_order(rule))
        known = best_in_group.get(rule.exclusive_group)
        if known is None or rank < known[0]:
            best_in_group[rule.exclusive_group] = (rank, rule, cut)
    if best_in_group:
        chosen += [(rule, cut) for _rank, rule, cut in best_in_group.values()]
        chosen.sort(key=lambda offer: rule_order(offer[0]))
    picks, taken = [], 0
    for rule, cut in chosen:
        cut = min(cut, unit - taken)
        amount = budgets.cap(rule, cut * quantity)
        if amount > 0:
            taken += cut
            picks.append(Pick(rule, cut, amount))
    return picks


def catalogue_code(rule: CatalogueRule) -> str:
    return "time_slot" if rule.schedule.windows else CODES[rule.kind]


def catalogue_params(
    rule: CatalogueRule, sku_id: int, moment: datetime | None
) -> dict[str, ParamValue]:
    params = rule_params(rule, moment)
    if rule.kind == CatalogueKind.SPECIAL:
        params["unit_price"] = rule.special_prices.get(sku_id)
    return params


def rule_params(rule: CatalogueRule, moment: datetime | None) -> dict[str, ParamValue]:
    """What words a rule's cut on any line (a special price adds the SKU's price)."""
    params: dict[str, ParamValue] = {"key": rule.key, "name": rule.name, "kind": str(rule.kind)}
    if rule.kind == CatalogueKind.PERCENT:
        params["discount_bp"] = rule.discount_bp
    elif rule.kind == CatalogueKind.AMOUNT:
        params["amount"] = rule.amount
    window = current_window(rule.schedule, moment)
    if window is not None:
        params["window"] = window_label(window)
    return params


def price_catalogue(state: WorkingState) -> None:
    """Each line's catalogue rules; budgets are spent line by line in SKU order."""
    rules_by_line: dict[int, list[CatalogueRule]] = defaultdict(list)
    for rule in state.rules.catalogue:
        for position in state.index.matching(rule.scope, rule.shop_id):
            rules_by_line[position].append(rule)
    budgets = Budgets()
    moment = state.request.moment
    params_of: dict[str, dict[str, ParamValue]] = {}
    for position in sorted(rules_by_line, key=lambda p: state.lines[p].line.sku_id):
        working = state.lines[position]
        sku_id, quantity = working.line.sku_id, working.line.quantity
        picks = pick_rules(rules_by_line[position], sku_id, working.unit, quantity, budgets)
        for pick in picks:
            rule = pick.rule
            params = params_of.get(rule.key)
            if params is None:
                params = params_of[rule.key] = rule_params(rule, moment)
                sponsor = Sponsor(
                    Layer.CATALOGUE, catalogue_code(rule), rule.name, rule_parties(rule)
                )
                state.sponsor(rule.key, sponsor)
            if rule.kind == CatalogueKind.SPECIAL:
                params = {**params, "unit_price": rule.special_prices.get(sku_id)}
            state.adjust(working, rule.key, pick.amount, params)
            budgets.spend(rule, pick.amount)
        working.unit -= sum([pick.cut for pick in picks if pick.whole(quantity)])
