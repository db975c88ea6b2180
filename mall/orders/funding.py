"""Who pays for an order's discounts: the shop itself, the platform, or the partner shops of a
joint promotion. Decided when the order is placed (kept in its breakdown as "funding"), paid to
the shop at settlement for the part of the order the buyer kept."""

from collections import Counter
from collections.abc import Sequence

from mall.pricing import allocate
from mall.pricing.breakdown import AppliedRule, ShopPrice
from mall.pricing.rules import Layer, Party


def funding_of(shop: ShopPrice, applied: Sequence[AppliedRule]) -> list[list[Party | int]]:
    """[[party, fen], …] that parties other than the shop owe it for this order's discounts:
    its lines' adjustments and, for waived freight, the shop's part of each shipping rule
    split as the rule is funded. Party None is the platform."""
    owed: Counter[Party] = Counter()
    for line in shop.lines:
        for adjustment in line.adjustments:
            for party, amount in adjustment.funded_by:
                owed[party] += amount
    for rule in applied:
        waived = rule.by_shop.get(shop.shop_id, 0)
        if rule.layer is not Layer.SHIPPING or not waived or not rule.funded_by:
            continue
        shares = allocate(waived, [amount for _party, amount in rule.funded_by])
        for (party, _amount), share in zip(rule.funded_by, shares, strict=True):
            owed[party] += share
    owed.pop(shop.shop_id, None)
    return [[party, amount] for party, amount in sorted(owed.items(), key=_party_order) if amount]


def _party_order(item: tuple[Party, int]) -> int:
    party = item[0]
    return -1 if party is None else party


def settlement_shares(
    funding: Sequence[Sequence], *, total: int, refunded: int
) -> tuple[int, list[tuple[int, int]]]:
    """(platform's fen, [(partner shop, fen), …]) owed at settlement: each party's funding in
    proportion to what the buyer kept of the order (rounded down), nothing once all of it
    was refunded."""
    kept, whole = (total - refunded, total) if total else (1, 1)
    platform, partners = 0, []
    for party, amount in funding:
        share = amount * kept // whole
        if party is None:
            platform += share
        elif share:
            partners.append((party, share))
    return platform, partners
