"""Freight and layer SHIPPING: each shop's quote on its goods after coupons, then 包邮 rules
and free-shipping coupons waive it."""

from mall.pricing.rules import Basis, Layer, ShippingRule
from mall.pricing.state import TOTAL, Sponsor, Waiver, WorkingShop, WorkingState, rule_parties


def waiving_rule(
    state: WorkingState, shop: WorkingShop, fee: int, totals: list[int] | None = None
) -> ShippingRule | None:
    """The first 包邮 rule (by priority, then key) for the delivery region that the shop's
    matching lines reach and whose budget, less what it waived for other shops, covers `fee`
    (the lines' amounts now, or `totals` by cart position)."""
    region = state.request.region_code or ""
    for rule in state.rules.shipping:
        if rule.shop_id is not None and rule.shop_id != shop.shop_id:
            continue
        if rule.region_prefixes and not region.startswith(tuple(rule.region_prefixes)):
            continue
        if rule.budget_left is not None and rule.budget_left - _waived(state, rule) < fee:
            continue
        positions = state.index.matching(rule.scope, shop.shop_id)  # its lines in this shop
        if not positions:
            continue
        if rule.basis == Basis.QUANTITY:
            reached = sum([state.lines[p].quantity for p in positions])
        elif totals is None:
            reached = sum(map(TOTAL, map(state.lines.__getitem__, positions)))
        else:
            reached = sum(map(totals.__getitem__, positions))
        if reached >= rule.threshold:
            return rule
    return None


def _waived(state: WorkingState, rule: ShippingRule) -> int:
    return sum(waiver.amount for waiver in state.waivers if waiver.key == rule.key)


def price_freight(state: WorkingState) -> None:
    """Each shop's freight from its template, on what its goods cost after discounts."""
    for shop in state.shops:
        shop.freight_quote = shop.quote()
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
