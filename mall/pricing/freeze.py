"""The working state frozen into a breakdown: who pays for each adjustment (funded_by), the
rules used (AppliedRule), and one explanation per rule."""

from collections import defaultdict
from collections.abc import Iterable

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import (
    Adjustment,
    AppliedRule,
    Explanation,
    PriceBreakdown,
    PricedLine,
    ShopPrice,
)
from mall.pricing.rules import Layer, Party
from mall.pricing.state import Parties, Sponsor, WorkingLine, WorkingShop, WorkingState

LAYER_ORDER = {layer: index for index, layer in enumerate(Layer)}
Funding = tuple[tuple[Party, int], ...]


def freeze(state: WorkingState) -> PriceBreakdown:
    _fund_lines(state)
    applied = _applied(state)
    shops = tuple(_freeze_shop(shop) for shop in state.shops)
    explanations = [*state.explanations, *(_explain(state.sponsors[a.key], a) for a in applied)]
    return PriceBreakdown(
        shops=shops,
        goods=sum(shop.goods for shop in shops),
        discount=sum(shop.discount for shop in shops),
        freight=sum(shop.freight for shop in shops),
        total=sum(shop.total for shop in shops),
        deliverable=all(shop.deliverable for shop in shops),
        explanations=tuple(explanations),
        applied=applied,
        hints=tuple(state.hints),
        coupon_options=tuple(state.coupon_options),
        problems=tuple(state.problems),
    )


def split_funding(amounts: list[int], parties: Parties) -> list[Funding]:
    """Who pays for each of `amounts` so that every amount and every party's total (its basis
    points of the whole, largest remainder) are exact: each amount is split over what the
    parties still owe."""
    payers = _merge(parties)  # one entry per party, in party order
    owed = allocate(sum(amounts), [points for _party, points in payers])
    funded = []
    for amount in amounts:
        shares = allocate(amount, owed)
        owed = [left - share for left, share in zip(owed, shares, strict=True)]
        funded.append(
            tuple((party, share) for (party, _), share in zip(payers, shares, strict=True) if share)
        )
    return funded


def _merge(pairs: Iterable[tuple[Party, int]]) -> Funding:
    """Amounts added up per party, parties in order (the platform first), zeros left out."""
    totals: dict[Party, int] = defaultdict(int)
    for party, amount in pairs:
        if amount:
            totals[party] += amount
    return tuple(sorted(totals.items(), key=lambda pair: (pair[0] is not None, pair[0] or 0)))


def _fund_lines(state: WorkingState) -> None:
    """Split each joint promotion's shares between its parties (single payers were recorded
    as the layers went)."""
    places: dict[str, list[tuple[WorkingLine, int]]] = defaultdict(list)
    for working in state.lines:
        for index, adjustment in enumerate(working.adjustments):
            if adjustment.key in state.joint:
                places[adjustment.key].append((working, index))
    for key, found in places.items():
        amounts = [working.adjustments[index].amount for working, index in found]
        parties = state.sponsors[key].parties or ()
        for (working, index), funded_by in zip(found, split_funding(amounts, parties), strict=True):
            a = working.adjustments[index]
            working.adjustments[index] = Adjustment(
                a.layer, a.key, a.code, a.amount, funded_by=funded_by, params=a.params
            )


def _applied(state: WorkingState) -> tuple[AppliedRule, ...]:
    adjustments: dict[str, list[tuple[int, Adjustment]]] = defaultdict(list)
    for working in state.lines:
        for adjustment in working.adjustments:
            adjustments[adjustment.key].append((working.line.shop_id, adjustment))
    applied = [
        _from_lines(key, state.sponsors[key], entries) for key, entries in adjustments.items()
    ]
    applied += _from_waivers(state)
    applied += _from_gifts(state, set(adjustments))
    return tuple(sorted(applied, key=lambda a: (LAYER_ORDER[a.layer], a.key)))


def _from_lines(key: str, sponsor: Sponsor, entries: list[tuple[int, Adjustment]]) -> AppliedRule:
    amount = 0
    by_shop: dict[int, int] = defaultdict(int)
    funded: dict[Party, int] = defaultdict(int)
    for shop_id, adjustment in entries:
        amount += adjustment.amount
        by_shop[shop_id] += adjustment.amount
        for party, fen in adjustment.funded_by:
            funded[party] += fen
    by_shop_sorted = dict(sorted(by_shop.items()))
    return AppliedRule(key, sponsor.layer, amount, by_shop_sorted, _merge(funded.items()))


def _from_waivers(state: WorkingState) -> list[AppliedRule]:
    waivers = defaultdict(list)
    for waiver in state.waivers:
        waivers[waiver.key].append(waiver)
    applied = []
    for key, found in waivers.items():
        sponsor = state.sponsors[key]
        amount = sum(waiver.amount for waiver in found)
        funded = split_funding([amount], sponsor.parties or ())[0]
        by_shop = {
            waiver.shop_id: waiver.amount for waiver in sorted(found, key=lambda w: w.shop_id)
        }
        applied.append(AppliedRule(key, Layer.SHIPPING, amount, by_shop, funded))
    return applied


def _from_gifts(state: WorkingState, seen: set[str]) -> list[AppliedRule]:
    keys = {gift.key for shop in state.shops for gift in shop.gifts} - seen
    return [AppliedRule(key, Layer.ORDER, 0) for key in sorted(keys)]


def _explain(sponsor: Sponsor, applied: AppliedRule) -> Explanation:
    return Explanation(
        sponsor.code, {"key": applied.key, "name": sponsor.name, "amount": applied.amount}
    )


def _freeze_shop(shop: WorkingShop) -> ShopPrice:
    if shop.freight_quote is None:
        raise ValueError(f"no layer quoted freight for shop {shop.shop_id}")
    lines = tuple(
        PricedLine(
            sku_id=w.line.sku_id,
            quantity=w.line.quantity,
            unit_price=w.line.unit_price,
            goods=w.goods,
            discount=w.discount,
            total=w.total,
            adjustments=tuple(w.adjustments),
        )
        for w in shop.lines
    )
    freight = shop.freight_quote.fee - shop.freight_discount
    return ShopPrice(
        shop_id=shop.shop_id,
        lines=lines,
        goods=shop.goods,
        discount=shop.discount,
        freight=freight,
        freight_quote=shop.freight_quote,
        total=shop.payable_goods + freight,
        freight_discount=shop.freight_discount,
        gifts=tuple(shop.gifts),
    )
