"""Freight and layer SHIPPING: each shop's quote on its goods after coupons, then 包邮 rules
and free-shipping coupons waive it."""

from mall.pricing.freight import FreightItem, FreightQuote, quote
from mall.pricing.rules import Basis, Layer, ShippingRule
from mall.pricing.state import Sponsor, Waiver, WorkingShop, WorkingState, rule_parties


def shop_quote(
    state: WorkingState, shop: WorkingShop, totals: list[int] | None = None
) -> FreightQuote:
    """The shop's freight on what its lines cost now (or on `totals`, by cart position)."""
    items = [
        FreightItem(
            quantity=working.line.quantity,
            weight_grams=working.line.weight_grams,
            amount=working.total if totals is None else totals[working.position],
        )
        for working in shop.lines
    ]
    request = state.request
    return quote(request.freight_templates[shop.shop_id], items, request.region_code)


def waiving_rule(
    state: WorkingState, shop: WorkingShop, fee: int, totals: list[int] | None = None
) -> ShippingRule | None:
    """The first 包邮 rule (by priority, then key) for the delivery region that the shop's
    matching lines reach and whose budget, less what it waived for other shops, covers `fee`."""
    region = state.request.region_code or ""
    for rule in state.rules.shipping:
        if rule.region_prefixes and not region.startswith(tuple(rule.region_prefixes)):
            continue
        if rule.budget_left is not None and rule.budget_left - _waived(state, rule) < fee:
            continue
        positions = [
            p
            for p in state.index.matching(rule.scope, rule.shop_id)
            if state.lines[p].line.shop_id == shop.shop_id
        ]
        if not positions:
            continue
        if rule.basis == Basis.AMOUNT:
            reached = sum(
                [state.lines[p].total if totals is None else totals[p] for p in positions]
            )
        else:
            reached = sum([state.lines[p].line.quantity for p in positions])
        if reached >= rule.threshold:
            return rule
    return None


def _waived(state: WorkingState, rule: ShippingRule) -> int:
    return sum(waiver.amount for waiver in state.waivers if waiver.key == rule.key)


def price_freight(state: WorkingState) -> None:
    """Each shop's freight from its template, on what its goods cost after discounts."""
    for shop in state.shops:
        shop.freight_quote = shop_quote(state, shop)
        code = "freight" if shop.freight_quote.deliverable else "undeliverable"
        state.explain(
            code, shop_id=shop.shop_id, fee=shop.freight_quote.fee, reason=shop.freight_quote.reason
        )


def price_shipping(state: WorkingState) -> None:
    """A reached 包邮 rule waives a shop's fee (within its budget); otherwise a chosen
    free-shipping coupon does."""
    for shop in state.shops:
        fee = shop.freight_quote.fee if shop.freight_quote else 0
        if fee == 0:
            continue
        rule = waiving_rule(state, shop, fee)
        if rule is not None:
            state.sponsor(
                rule.key, Sponsor(Layer.SHIPPING, "free_shipping", rule.name, rule_parties(rule))
            )
            _waive(state, shop, rule.key, fee)
        elif shop.shop_id in state.free_shipping_coupons:
            _waive(state, shop, state.free_shipping_coupons[shop.shop_id], fee)


def _waive(state: WorkingState, shop: WorkingShop, key: str, fee: int) -> None:
    shop.freight_discount = fee
    state.waivers.append(Waiver(key, shop.shop_id, fee))
    state.explain("free_shipping", shop_id=shop.shop_id, key=key, fee=fee)
