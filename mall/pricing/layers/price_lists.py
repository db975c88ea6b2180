"""Layers GROUP and MEMBER: a customer group's price list (ladder prices, minimum quantities)
and member-level prices. Both lower the unit price; the shop pays for the difference."""

from collections import defaultdict

from mall.pricing.breakdown import Problem
from mall.pricing.rules import GroupPrice, Layer, MemberPrice, MinimumQuantity
from mall.pricing.state import Sponsor, WorkingLine, WorkingState

GROUP_KEY = "group_price"
MEMBER_KEY = "member_price"


def price_group(state: WorkingState) -> None:
    """The shopper's group price for each line: the ladder step with the highest
    `min_quantity` the line reaches, when it is below the current unit price."""
    group = state.request.shopper.group
    if group is None:
        return
    ladders: dict[int, list[GroupPrice]] = defaultdict(list)
    minimums: dict[int, int] = {}
    for entry in state.request.price_lists:
        if isinstance(entry, GroupPrice) and entry.group == group:
            ladders[entry.sku_id].append(entry)
        elif isinstance(entry, MinimumQuantity) and entry.group == group:
            minimums[entry.sku_id] = max(entry.quantity, minimums.get(entry.sku_id, 0))
    for working in state.lines:
        line = working.line
        if line.quantity < minimums.get(line.sku_id, 0):
            quantity = minimums[line.sku_id]
            state.problems.append(
                Problem("min_quantity", {"sku_id": line.sku_id, "quantity": quantity})
            )
        reached = [
            step for step in ladders.get(line.sku_id, ()) if step.min_quantity <= line.quantity
        ]
        if reached:
            step = max(reached, key=lambda step: (step.min_quantity, -step.unit_price))
            params = {
                "group": group,
                "unit_price": step.unit_price,
                "min_quantity": step.min_quantity,
            }
            _lower_unit(state, working, step.unit_price, GROUP_KEY, Layer.GROUP, params)


def price_member(state: WorkingState) -> None:
    """The lowest 会员价 the shopper's rank admits (entries with `min_rank` ≤ their rank),
    when it is below the current unit price."""
    rank = state.request.shopper.member_rank
    best: dict[int, MemberPrice] = {}
    for entry in state.request.price_lists:
        if isinstance(entry, MemberPrice) and entry.min_rank <= rank:
            known = best.get(entry.sku_id)
            if known is None or (entry.unit_price, entry.min_rank) < (
                known.unit_price,
                known.min_rank,
            ):
                best[entry.sku_id] = entry
    for working in state.lines:
        entry = best.get(working.line.sku_id)
        if entry is not None:
            params = {"min_rank": entry.min_rank, "unit_price": entry.unit_price}
            _lower_unit(state, working, entry.unit_price, MEMBER_KEY, Layer.MEMBER, params)


def _lower_unit(
    state: WorkingState,
    working: WorkingLine,
    unit_price: int,
    key: str,
    layer: Layer,
    params: dict[str, int | str | None],
) -> None:
    if unit_price >= working.unit:
        return
    cut = working.unit - max(unit_price, 0)
    state.sponsor(key, Sponsor(layer, key, "", parties=None))
    state.adjust(working, key, cut * working.line.quantity, params)
    working.unit -= cut
