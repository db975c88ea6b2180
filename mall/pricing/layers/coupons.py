"""Layer COUPON: the wallet's coupons on what the lines cost after the order layer.

An order uses at most one platform coupon and one coupon per shop; a coupon that is not
stackable is used alone. Shop coupons come first; the platform coupon's base (and threshold)
is what the lines cost after them. Unless the shopper chose, the engine picks: per shop the
shop coupon worth most, then the platform coupon worth most on what is left, and compares that
with each platform or non-stackable coupon on its own; ties go to the lower coupon ids.
"""

from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter
from typing import NamedTuple

from mall.pricing.allocation import allocate
from mall.pricing.breakdown import CouponOption, Problem
from mall.pricing.frozen import make
from mall.pricing.layers.shipping import waiving_rule
from mall.pricing.rules import BASIS_POINTS, Coupon, CouponKind, Layer
from mall.pricing.state import Sponsor, WorkingState


class Offer(NamedTuple):
    """What a coupon would do on given line totals: `reason` None = usable."""

    coupon: Coupon
    positions: list[int]
    value: int = 0  # fen off the goods, or freight it would waive
    reason: str | None = None
    missing: int = 0

    @property
    def usable(self) -> bool:
        return self.reason is None


COUPON_ID = attrgetter("id")


def coupon_key(coupon: Coupon) -> str:
    return f"coupon:{coupon.id}"


def validity_reason(coupon: Coupon, moment: datetime | None) -> str | None:
    """Why the coupon cannot be used at `moment` ("not_started", "expired"), or None.
    Without a moment a dated coupon is not usable."""
    if moment is None:
        return "not_started" if coupon.valid_from or coupon.valid_until else None
    if coupon.valid_from is not None and moment < coupon.valid_from:
        return "not_started"
    if coupon.valid_until is not None and moment >= coupon.valid_until:
        return "expired"
    return None


def assess(
    state: WorkingState, coupon: Coupon, totals: list[int], freight: dict[int, int]
) -> Offer:
    """The coupon alone on `totals` (by cart position) with `freight` still payable per shop."""
    positions = state.index.matching(coupon.scope, coupon.shop_id)
    reason = validity_reason(coupon, state.request.moment)
    if reason is None and not positions:
        reason = "scope"
    if reason is not None:
        return Offer(coupon, positions, reason=reason)
    base = sum(map(totals.__getitem__, positions))
    if base < coupon.threshold:
        return Offer(coupon, positions, reason="threshold", missing=coupon.threshold - base)
    if coupon.kind == CouponKind.FREE_SHIPPING:
        shops = {state.lines[p].line.shop_id for p in positions}
        return Offer(coupon, positions, value=sum(freight.get(shop, 0) for shop in shops))
    if coupon.kind == CouponKind.AMOUNT:
        value = min(max(coupon.amount, 0), base)
    else:
        value = base * min(max(coupon.discount_bp, 0), BASIS_POINTS) // BASIS_POINTS
        value = value if coupon.cap is None else min(value, coupon.cap)
    return Offer(coupon, positions, value=value)


def price_coupons(state: WorkingState) -> None:
    wallet = {coupon.id: coupon for coupon in sorted(state.request.coupons, key=COUPON_ID)}
    totals = state.totals()
    shipping = any(coupon.kind == CouponKind.FREE_SHIPPING for coupon in wallet.values())
    freight = payable_freight(state, totals) if shipping else {}
    offers = [assess(state, coupon, totals, freight) for coupon in wallet.values()]
    choice = state.request.coupon_choice
    wanted = best_choice(state, offers, totals, freight) if choice is None else choice
    used = apply_coupons(state, wallet, wanted)
    state.coupon_options = [_option(offer, offer.coupon.id in used) for offer in offers]


def _option(offer: Offer, chosen: bool) -> CouponOption:
    fields = {"coupon_id": offer.coupon.id, "usable": offer.reason is None,
              "discount": offer.value, "chosen": chosen, "reason": offer.reason,
              "missing": offer.missing}  # fmt: skip
    return make(CouponOption, fields)


def payable_freight(state: WorkingState, totals: list[int]) -> dict[int, int]:
    """Per shop, the freight a free-shipping coupon would save: the quote on `totals`, unless a
    包邮 rule already waives it."""
    freight = {}
    for shop in state.shops:
        fee = shop.quote(totals).fee
        waived = fee and waiving_rule(state, shop, fee, totals) is not None
        freight[shop.shop_id] = 0 if waived else fee
    return freight


def best_choice(
    state: WorkingState, offers: list[Offer], totals: list[int], freight: dict[int, int]
) -> tuple[int, ...]:
    usable = [offer for offer in offers if offer.usable and offer.value > 0]
    best_by_shop: dict[int, Offer] = {}
    for offer in usable:
        shop_id = offer.coupon.shop_id
        if offer.coupon.stackable and shop_id is not None:
            known = best_by_shop.get(shop_id)
            if known is None or offer.value > known.value:
                best_by_shop[shop_id] = offer
    picks = list(best_by_shop.values())
    after, freight_after = list(totals), dict(freight)
    for offer in picks:
        _spend(state, offer, after, freight_after)
    platform = [
        again
        for offer in usable
        if offer.coupon.stackable and offer.coupon.shop_id is None
        if (again := assess(state, offer.coupon, after, freight_after)).usable and again.value
    ]
    if platform:
        picks.append(max(platform, key=lambda offer: offer.value))
    # a platform coupon alone beats the set when shop coupons pushed it under its threshold
    alone = [[o] for o in usable if not o.coupon.stackable or o.coupon.shop_id is None]
    candidates = [picks, *alone]
    chosen = min(
        candidates, key=lambda c: (-sum(o.value for o in c), sorted(o.coupon.id for o in c))
    )
    return tuple(offer.coupon.id for offer in chosen)


def _spend(state: WorkingState, offer: Offer, totals: list[int], freight: dict[int, int]) -> None:
    """Take the offer off `totals` / `freight` (a simulation of applying it)."""
    if offer.coupon.kind == CouponKind.FREE_SHIPPING:
        for p in offer.positions:
            freight[state.lines[p].line.shop_id] = 0
        return
    for p, share in zip(offer.positions, spread(offer, totals), strict=True):
        totals[p] -= share


def spread(offer: Offer, totals: list[int]) -> list[int]:
    left = list(map(totals.__getitem__, offer.positions))
    return allocate(min(offer.value, sum(left)), left)


def apply_coupons(
    state: WorkingState, wallet: dict[int, Coupon], wanted: Iterable[int]
) -> set[int]:
    """Apply the coupons asked for, shop coupons before the platform's; one that cannot be
    used is left out with a "coupon_unusable" problem."""
    used: list[Coupon] = []

    def shop_first(coupon_id: int) -> tuple[bool, int]:
        return (coupon_id not in wallet or wallet[coupon_id].shop_id is None, coupon_id)

    for coupon_id in sorted(set(wanted), key=shop_first):
        totals = state.totals()  # after the coupons used so far
        offer = _offer_now(state, wallet[coupon_id], used, totals) if coupon_id in wallet else None
        reason = "not_found" if offer is None else offer.reason
        if offer is None or reason is not None:
            problem = Problem("coupon_unusable", {"coupon_id": coupon_id, "reason": reason})
            state.problems.append(problem)
            continue
        _apply(state, offer, totals)
        used.append(offer.coupon)
    return {coupon.id for coupon in used}


def _offer_now(state: WorkingState, coupon: Coupon, used: list[Coupon], totals: list[int]) -> Offer:
    """The coupon on `totals`, what the lines cost after the coupons already used."""
    conflict = _conflict(coupon, used)
    if conflict is not None:
        return Offer(coupon, [], reason=conflict)
    shipping = coupon.kind == CouponKind.FREE_SHIPPING
    return assess(state, coupon, totals, payable_freight(state, totals) if shipping else {})


def _conflict(coupon: Coupon, used: list[Coupon]) -> str | None:
    """ "not_stackable" when it cannot join the coupons already used."""
    if used and (not coupon.stackable or any(not other.stackable for other in used)):
        return "not_stackable"
    if any(other.shop_id == coupon.shop_id for other in used):
        return "not_stackable"
    return None


def _apply(state: WorkingState, offer: Offer, totals: list[int]) -> None:
    coupon, key = offer.coupon, coupon_key(offer.coupon)
    state.sponsor(
        key,
        Sponsor(Layer.COUPON, "coupon", coupon.name, parties=((coupon.shop_id, BASIS_POINTS),)),
    )
    if coupon.kind == CouponKind.FREE_SHIPPING:
        for p in offer.positions:
            state.free_shipping_coupons.setdefault(state.lines[p].line.shop_id, key)
        return
    params = {"coupon_id": coupon.id, "name": coupon.name, "kind": str(coupon.kind)}
    lines, adjust = state.lines, state.adjust
    for p, share in zip(offer.positions, spread(offer, totals), strict=True):
        adjust(lines[p], key, share, {**params, "share": share})
