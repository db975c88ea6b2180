"""Layer ORDER: 满减, 满折, 买赠 and 第N件 on what the matching lines reach together.

The base is each line's total after the catalogue layer. Each rule is worked out on that base
(never on what another order rule left); a reduction or discount is spread over its lines by
largest remainder, in proportion to what each still costs in this layer (their base, for the
first rule), so no line goes below zero. Of the rules sharing an exclusive group only the one
giving the most applies (a reached gift counts as more than nothing).
"""

from operator import attrgetter
from typing import NamedTuple

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import GiftLine, Hint, ParamValue
from mall.pricing.layers.catalogue import percent_cut
from mall.pricing.rules import BASIS_POINTS, Basis, Layer, OrderKind, OrderRule, Tier
from mall.pricing.state import TOTAL, Sponsor, WorkingState, rule_parties

CODES = {
    OrderKind.REDUCTION: "reduction",
    OrderKind.DISCOUNT: "order_discount",
    OrderKind.GIFT: "gift",
    OrderKind.NTH_ITEM: "nth_item",
}
THRESHOLD = attrgetter("threshold")
HINTS = {
    OrderKind.REDUCTION: "reduction_gap",
    OrderKind.DISCOUNT: "discount_gap",
    OrderKind.GIFT: "gift_gap",
}


class Outcome(NamedTuple):
    """What one rule would do on the layer's base."""

    rule: OrderRule
    positions: list[int]  # the matching lines
    tiers: list[Tier]  # by threshold
    basis: int  # fen or pieces, by the rule's basis
    tier: Tier | None  # the tier reached
    amount: int  # fen off in all
    per_line: dict[int, int] | None = None  # 第N件: fen off each line

    def beats(self, other: "Outcome") -> bool:
        """Gives more than `other` of its exclusive group (a reached tier counts as more than
        nothing); `other` comes first in rule order, so it wins a tie."""
        return (self.amount, self.tier is not None) > (other.amount, other.tier is not None)


def tiers_of(rule: OrderRule) -> list[Tier]:
    tiers = sorted(rule.tiers, key=THRESHOLD)
    return tiers[:1] if rule.kind == OrderKind.GIFT else tiers


def evaluate(state: WorkingState, rule: OrderRule, base: list[int]) -> Outcome | None:
    positions = state.index.matching(rule.scope, rule.shop_id)
    if not positions:
        return None
    matched = sum(map(base.__getitem__, positions))
    if rule.basis == Basis.AMOUNT:
        basis = matched
    else:
        basis = sum([state.lines[p].quantity for p in positions])
    tiers = tiers_of(rule)
    tier = None
    for candidate in tiers:
        if candidate.threshold <= basis:
            tier = candidate
    per_line = None
    if rule.kind == OrderKind.NTH_ITEM:
        per_line = _nth_item(state, rule, positions, base)
        amount = sum(per_line.values())
    elif tier is None or rule.kind == OrderKind.GIFT:
        amount = 0
    elif rule.kind == OrderKind.REDUCTION:
        amount = _reduction(rule, tier, basis)
    else:
        amount = matched * min(tier.value, BASIS_POINTS) // BASIS_POINTS
    amount = min(amount, matched)
    if rule.budget_left is not None and amount > rule.budget_left:
        amount = rule.budget_left
        if per_line:
            per_line = dict(zip(per_line, allocate(amount, list(per_line.values())), strict=True))
    return Outcome(rule, positions, tiers, basis, tier, max(amount, 0), per_line)


def _reduction(rule: OrderRule, tier: Tier, basis: int) -> int:
    if not rule.repeat or tier.threshold <= 0:
        return tier.value
    amount = basis // tier.threshold * tier.value
    return amount if rule.repeat_cap is None else min(amount, rule.repeat_cap)


def _nth_item(
    state: WorkingState, rule: OrderRule, positions: list[int], base: list[int]
) -> dict[int, int]:
    """Every `nth` piece of a line takes `discount_bp` off the line's current unit price."""
    nth = max(rule.nth, 1)
    lines = state.lines
    return {
        p: min(lines[p].quantity // nth * percent_cut(lines[p].unit, rule.discount_bp), base[p])
        for p in positions
    }


def price_orders(state: WorkingState) -> None:
    base = state.totals()
    outcomes = [o for rule in state.rules.order if (o := evaluate(state, rule, base)) is not None]
    best: dict[str, Outcome] = {}  # of each exclusive group
    for outcome in outcomes:
        group = outcome.rule.exclusive_group
        if group is not None and (group not in best or outcome.beats(best[group])):
            best[group] = outcome
    stock = dict(state.request.gift_stock)
    for outcome in outcomes:  # in rule order
        group = outcome.rule.exclusive_group
        if group is not None and best[group] is not outcome:
            continue
        if outcome.rule.kind == OrderKind.GIFT:
            _give(state, outcome, stock)
        else:
            _discount(state, outcome)
    for outcome in outcomes:
        hint = _hint(outcome)
        if hint is not None:
            state.hints.append(hint)


def _discount(state: WorkingState, outcome: Outcome) -> None:
    rule, positions = outcome.rule, outcome.positions
    if outcome.amount == 0:
        return
    lines = state.lines
    left = list(map(TOTAL, map(lines.__getitem__, positions)))
    if outcome.per_line is not None:
        shares = [min(outcome.per_line[p], rest) for p, rest in zip(positions, left, strict=True)]
    else:
        shares = allocate(min(outcome.amount, sum(left)), left)
    state.sponsor(rule.key, Sponsor(Layer.ORDER, CODES[rule.kind], rule.name, rule_parties(rule)))
    params, key, adjust = _params(outcome), rule.key, state.adjust
    for position, share in zip(positions, shares, strict=True):
        adjust(lines[position], key, share, {**params, "share": share})


def _params(outcome: Outcome) -> dict[str, ParamValue]:
    rule = outcome.rule
    params: dict[str, ParamValue] = {"key": rule.key, "name": rule.name, "basis": str(rule.basis)}
    if rule.kind == OrderKind.NTH_ITEM:
        return {**params, "nth": rule.nth, "discount_bp": rule.discount_bp}
    assert outcome.tier is not None
    params["threshold"] = outcome.tier.threshold
    params["value"] = outcome.tier.value
    if rule.kind == OrderKind.REDUCTION:
        params["repeat"] = int(rule.repeat)
    return params


def _give(state: WorkingState, outcome: Outcome, stock: dict[int, int]) -> None:
    """A reached 买赠 adds its gift when there is stock; otherwise it says so (never blocks)."""
    rule = outcome.rule
    if outcome.tier is None or rule.gift_sku_id is None:
        return
    shop_id = rule.gift_shop_id or rule.shop_id or state.lines[outcome.positions[0]].line.shop_id
    shop = state.shop(shop_id)
    params = {
        "key": rule.key,
        "name": rule.name,
        "gift_sku_id": rule.gift_sku_id,
        "shop_id": shop_id,
    }
    if shop is None or stock.get(rule.gift_sku_id, 0) < rule.gift_quantity:
        state.explain("gift_out_of_stock", **params)
        return
    stock[rule.gift_sku_id] -= rule.gift_quantity
    shop.gifts.append(GiftLine(rule.gift_sku_id, shop_id, rule.gift_quantity, rule.key))
    state.sponsor(rule.key, Sponsor(Layer.ORDER, "gift", rule.name, rule_parties(rule)))


def _hint(outcome: Outcome) -> Hint | None:
    """The next tier of a 满减 / 满折 / 买赠 the lines have not reached yet."""
    rule = outcome.rule
    code = HINTS.get(rule.kind)
    if code is None:
        return None
    basis = outcome.basis
    for tier in outcome.tiers:
        if tier.threshold > basis:
            break
    else:
        return None
    params: dict[str, ParamValue] = {
        "key": rule.key,
        "name": rule.name,
        "shop_id": rule.shop_id,
        "missing": tier.threshold - basis,
        "threshold": tier.threshold,
        "value": tier.value,
        "basis": str(rule.basis),
    }
    if rule.kind == OrderKind.GIFT:
        params |= {"gift_sku_id": rule.gift_sku_id, "gift_quantity": rule.gift_quantity}
    return Hint(code, params)
