"""Who pays for an order's discounts: the shop itself, the platform, or the partner shops of a
joint promotion. Decided when the order is placed (kept in its breakdown as "funding"), paid to
the shop at settlement for what the buyer kept: a refunded line's share is not paid."""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mall.pricing import allocate
from mall.pricing.breakdown import AppliedRule, ShopPrice
from mall.pricing.rules import Layer, Party


def funding_of(shop: ShopPrice, applied: Sequence[AppliedRule]) -> dict[str, list]:
    """What parties other than the shop owe it for this order's discounts, as JSON:
    {"lines": [[sku_id, party, fen], …], "freight": [[party, fen], …]}; party None is the
    platform. Freight waived by a shipping rule or coupon is split as that rule is funded."""
    lines = [
        [line.sku_id, party, amount]
        for line in shop.lines
        for party, amount in _merged(a.funded_by for a in line.adjustments).items()
        if party != shop.shop_id
    ]
    freight: Counter[Party] = Counter()
    for rule in applied:
        waived = rule.by_shop.get(shop.shop_id, 0)
        if rule.layer is Layer.SHIPPING and waived and rule.funded_by:
            shares = allocate(waived, [amount for _party, amount in rule.funded_by])
            for (party, _amount), share in zip(rule.funded_by, shares, strict=True):
                if party != shop.shop_id:
                    freight[party] += share
    return {"lines": lines, "freight": [[p, a] for p, a in freight.items() if a]}


def _merged(fundings) -> Counter[Party]:
    merged: Counter[Party] = Counter()
    for funded_by in fundings:
        for party, amount in funded_by:
            merged[party] += amount
    return +merged


@dataclass
class Shares:
    """What the platform and partner shops pay a shop at settlement, and per order line the
    subsidy it adds to that line's settled goods (commission is charged on it too)."""

    platform: int = 0
    partners: Counter[int] = field(default_factory=Counter)
    by_sku: Counter[int] = field(default_factory=Counter)

    def add(self, party: Party, amount: int, sku_id: int | None = None) -> None:
        if party is None:
            self.platform += amount
        else:
            self.partners[party] += amount
        if sku_id is not None:
            self.by_sku[sku_id] += amount


def settlement_shares(
    funding: Mapping, kept_by_sku: Mapping[int, tuple[int, int]], order_kept: tuple[int, int]
) -> Shares:
    """Each party's funding in proportion to what the buyer kept (rounded down): a line's share
    by the line's (kept, total), the freight's by the order's."""
    shares = Shares()
    for sku_id, party, amount in funding.get("lines", ()):
        shares.add(party, _kept_part(amount, *kept_by_sku.get(sku_id, (0, 1))), sku_id)
    for party, amount in funding.get("freight", ()):
        shares.add(party, _kept_part(amount, *order_kept))
    return shares


def _kept_part(amount: int, kept: int, total: int) -> int:
    return amount if total == 0 else amount * kept // total
