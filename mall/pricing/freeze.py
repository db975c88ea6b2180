"""The working state frozen into a breakdown: who pays for each adjustment (funded_by), the
rules used (AppliedRule), and one explanation per rule."""

from collections import defaultdict
from collections.abc import Iterable

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import (
    AppliedRule,
    Explanation,
    PriceBreakdown,
    PricedLine,
    ShopPrice,
)
from mall.pricing.frozen import make
from mall.pricing.rules import Layer, Party
from mall.pricing.state import Parties, Sponsor, WorkingLine, WorkingShop, WorkingState

LAYER_ORDER = {layer: index for index, layer in enumerate(Layer)}
Funding = tuple[tuple[Party, int], ...]


def freeze(state: WorkingState) -> PriceBreakdown:
    _fund_lines(state)
    applied = _applied(state)
    shops = tuple(_freeze_shop(shop) for shop in state.shops)
    explanations = [*state.explanations, *[_explain(state.sponsors[a.key], a) for a in applied]]
    return PriceBreakdown(
        shops=shops,
        goods=sum([shop.goods for shop in shops]),
        discount=sum([shop.discount for shop in shops]),
        freight=sum([shop.freight for shop in shops]),
        total=sum([shop.total for shop in shops]),
        deliverable=all([shop.deliverable for shop in shops]),
        explanations=tuple(explanations),
        applied=applied,
        hints=tuple(state.hints),
        coupon_options=tuple(state.coupon_options),
        problems=tuple(state.problems),
    )


def split_funding(amounts: list[int], parties: Parties) -> list[Funding]:
    """Who pays for each of `amounts` so that every amount and every party's total (its basis
    points of the whole, largest remainder: `party_totals`) are exact: each amount is split
    over what the parties still owe."""
    payers = _merge(parties)  # one entry per party, in party order
    owed = allocate(sum(amounts), [points for _party, points in payers])  # as `party_totals`
    funded = []
    for amount in amounts:
        shares = allocate(amount, owed)
        owed = [left - share for left, share in zip(owed, shares, strict=True)]
        funded.append(
            tuple((party, share) for (party, _), share in zip(payers, shares, strict=True) if share)
        )
    return funded


def party_totals(amount: int, parties: Parties) -> Funding:
    """`amount` split between the parties by their basis points (largest remainder)."""
    if len(parties) == 1 and parties[0][1] > 0:  # one payer: all of it
        return ((parties[0][0], amount),) if amount else ()
    payers = _merge(parties)
    shares = allocate(amount, [points for _party, points in payers])
    return tuple((party, share) for (party, _), share in zip(payers, shares, strict=True) if share)


def _merge(pairs: Iterable[tuple[Party, int]]) -> Funding:
    """Amounts added up per party, parties in order (the platform first), zeros left out."""
    totals: dict[Party, int] = defaultdict(int)
    for party, amount in pairs:
        if amount:
            totals[party] += amount
    return tuple(sorted(totals.items(), key=lambda pair: (pair[0] is not None, pair[0] or 0)))


def _fund_lines(state: WorkingState) -> None:
    """Split each joint promotion's shares between its parties (single payers were recorded
    as the layers went). The adjustments get their `funded_by` in place: nothing outside the
    engine has seen (or hashed) them yet."""
    for key, found in state.joint.items():
        places = sorted(found, key=lambda place: place[0].position)  # in cart order
        adjustments = [working.adjustments[index] for working, index in places]
        amounts = [adjustment.amount for adjustment in adjustments]
        funded = split_funding(amounts, state.sponsors[key].parties or ())
        for adjustment, funded_by in zip(adjustments, funded, strict=True):
            adjustment.__dict__["funded_by"] = funded_by


def _applied(state: WorkingState) -> tuple[AppliedRule, ...]:
    applied = [_from_lines(state, key, by_shop) for key, by_shop in state.by_shop.items()]
    applied += _from_waivers(state)
    applied += _from_gifts(state, set(state.by_shop))
    return tuple(sorted(applied, key=lambda a: (LAYER_ORDER[a.layer], a.key)))


def _from_lines(state: WorkingState, key: str, by_shop: dict[int, int]) -> AppliedRule:
    """A key's totals, as the lines' adjustments add up (`WorkingState.adjust` counts them)."""
    sponsor = state.sponsors[key]
    amount = sum(by_shop.values())
    if sponsor.parties is None:  # each line's own shop
        funded_by = _merge(by_shop.items())
    else:
        funded_by = party_totals(amount, sponsor.parties)
    fields = {"key": key, "layer": sponsor.layer, "amount": amount,
              "by_shop": dict(sorted(by_shop.items())), "funded_by": funded_by}  # fmt: skip
    return make(AppliedRule, fields)


def _from_waivers(state: WorkingState) -> list[AppliedRule]:
    waivers = defaultdict(list)
    for waiver in state.waivers:
        waivers[waiver.key].append(waiver)
    applied = []
    for key, found in waivers.items():
        sponsor = state.sponsors[key]
        amount = sum(waiver.amount for waiver in found)
        funded = party_totals(amount, sponsor.parties or ())
        by_shop = {
            waiver.shop_id: waiver.amount for waiver in sorted(found, key=lambda w: w.shop_id)
        }
        applied.append(AppliedRule(key, Layer.SHIPPING, amount, by_shop, funded))
    return applied


def _from_gifts(state: WorkingState, seen: set[str]) -> list[AppliedRule]:
    keys = {gift.key for shop in state.shops for gift in shop.gifts} - seen
    return [AppliedRule(key, Layer.ORDER, 0) for key in sorted(keys)]


def _explain(sponsor: Sponsor, applied: AppliedRule) -> Explanation:
    params = {"key": applied.key, "name": sponsor.name, "amount": applied.amount}
    return make(Explanation, {"code": sponsor.code, "params": params})


def _freeze_shop(shop: WorkingShop) -> ShopPrice:
    if shop.freight_quote is None:
        raise ValueError(f"no layer quoted freight for shop {shop.shop_id}")
    lines = tuple([_freeze_line(working) for working in shop.lines])
    goods = sum([line.goods for line in lines])
    discount = sum([line.discount for line in lines])
    freight = shop.freight_quote.fee - shop.freight_discount
    fields = {"shop_id": shop.shop_id, "lines": lines, "goods": goods, "discount": discount,
              "freight": freight, "freight_quote": shop.freight_quote,
              "total": goods - discount + freight, "freight_discount": shop.freight_discount,
              "gifts": tuple(shop.gifts)}  # fmt: skip
    return make(ShopPrice, fields)


def _freeze_line(w: WorkingLine) -> PricedLine:
    fields = {"sku_id": w.sku_id, "quantity": w.quantity, "unit_price": w.line.unit_price,
              "goods": w.goods, "discount": w.goods - w.total, "total": w.total,
              "adjustments": tuple(w.adjustments)}  # fmt: skip
    return make(PricedLine, fields)
