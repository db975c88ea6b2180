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

from mall.pricing.breakdown import Adjustment, ParamValue
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

    def left(self, rule: RuleBase) -> int | None:
        if rule.budget_left is None:
            return None
        return max(rule.budget_left - self.spent[rule.key], 0)

    def cap(self, rule: RuleBase, amount: int) -> int:
        left = self.left(rule)
        return amount if left is None else min(amount, left)

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
    """The rules that apply to one line and what each takes, in rule order."""
    offers = [(rule, cut) for rule in rules if (cut := unit_cut(rule, sku_id, unit)) > 0]
    chosen = [(rule, cut) for rule, cut in offers if rule.exclusive_group is None]
    groups: dict[str, list[tuple[CatalogueRule, int]]] = defaultdict(list)
    for rule, cut in offers:
        if rule.exclusive_group is not None:
            groups[rule.exclusive_group].append((rule, cut))
    for members in groups.values():
        chosen.append(
            min(members, key=lambda o: (-budgets.cap(o[0], o[1] * quantity), rule_order(o[0])))
        )
    picks, taken = [], 0
    for rule, cut in sorted(chosen, key=lambda offer: rule_order(offer[0])):
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
    params: dict[str, ParamValue] = {"key": rule.key, "name": rule.name, "kind": str(rule.kind)}
    if rule.kind == CatalogueKind.PERCENT:
        params["discount_bp"] = rule.discount_bp
    elif rule.kind == CatalogueKind.AMOUNT:
        params["amount"] = rule.amount
    else:
        params["unit_price"] = rule.special_prices.get(sku_id)
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
    for position in sorted(rules_by_line, key=lambda p: state.lines[p].line.sku_id):
        working = state.lines[position]
        sku_id, quantity = working.line.sku_id, working.line.quantity
        picks = pick_rules(rules_by_line[position], sku_id, working.unit, quantity, budgets)
        for pick in picks:
            rule, code = pick.rule, catalogue_code(pick.rule)
            params = catalogue_params(rule, sku_id, moment)
            working.add(Adjustment(Layer.CATALOGUE, rule.key, code, pick.amount, params=params))
            budgets.spend(rule, pick.amount)
            state.sponsor(rule.key, Sponsor(Layer.CATALOGUE, code, rule.name, rule_parties(rule)))
        working.unit -= sum(pick.cut for pick in picks if pick.whole(quantity))
