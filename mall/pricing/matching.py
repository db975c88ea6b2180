"""Who a rule is for (audience) and which lines it covers (scope), with an index of the cart's
lines that finds a scope's lines by bit masks."""

from collections.abc import Collection, Hashable, Sequence
from operator import attrgetter
from typing import Protocol

from mall.pricing.rules import Audience, Scope, Shopper


class Item(Protocol):
    """A cart line or a catalogue item: what a scope looks at."""

    @property
    def sku_id(self) -> int: ...
    @property
    def product_id(self) -> int: ...
    @property
    def shop_id(self) -> int: ...
    @property
    def brand_id(self) -> int | None: ...
    @property
    def tags(self) -> frozenset[str]: ...
    @property
    def categories(self) -> tuple[int, ...]: ...


def audience_admits(audience: Audience, shopper: Shopper) -> bool:
    return (
        shopper.member_rank >= audience.min_member_rank
        and (not audience.groups or shopper.group in audience.groups)
        and (not audience.tags or not audience.tags.isdisjoint(shopper.tags))
        and (not audience.new_shoppers_only or shopper.is_new)
    )


def scope_admits(scope: Scope, shop_id: int | None, item: Item) -> bool:
    """Every non-empty set of the scope matches, the product is not excluded, and a shop's
    rule (`shop_id` set) covers only that shop's items."""
    return (
        (shop_id is None or item.shop_id == shop_id)
        and (not scope.shop_ids or item.shop_id in scope.shop_ids)
        and (not scope.sku_ids or item.sku_id in scope.sku_ids)
        and (not scope.product_ids or item.product_id in scope.product_ids)
        and (not scope.brand_ids or item.brand_id in scope.brand_ids)
        and (not scope.category_ids or not scope.category_ids.isdisjoint(item.categories))
        and (not scope.tags or not scope.tags.isdisjoint(item.tags))
        and item.product_id not in scope.excluded_product_ids
    )


class LineIndex:
    """The cart's lines by SKU, product, shop, brand, category (and ancestors) and tag, each
    value's lines as a bit mask (bit p = the line at cart position p), built per dimension on
    first use. A scope's lines are the AND, over its non-empty sets, of the OR of its values'
    masks: a few integer operations instead of a test per line."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self.bits = [1 << position for position in range(len(items))]
        self.every = (1 << len(items)) - 1
        self.masks: dict[str, dict[Hashable, int]] = {}  # by item attribute, then value
        self.found: dict[tuple[int, int | None], list[int]] = {}

    def matching(self, scope: Scope, shop_id: int | None) -> list[int]:
        """Positions of the items the scope (and the rule's shop) admits, in cart order
        (remembered: layers ask again for the same rules and coupons)."""
        key = (id(scope), shop_id)
        found = self.found.get(key)
        if found is None:
            mask = self.mask(scope, shop_id)
            found = self.found[key] = (
                list(range(len(self.items))) if mask == self.every else positions(mask)
            )
        return found

    def mask(self, scope: Scope, shop_id: int | None) -> int:
        """The scope's lines as a bit mask; the narrowest sets are applied first."""
        mask = self.every if shop_id is None else self.by("shop_id").get(shop_id, 0)
        if scope.sku_ids and mask:
            mask &= self.any_of("sku_id", scope.sku_ids)
        if scope.product_ids and mask:
            mask &= self.any_of("product_id", scope.product_ids)
        if scope.shop_ids and mask:
            mask &= self.any_of("shop_id", scope.shop_ids)
        if scope.brand_ids and mask:
            mask &= self.any_of("brand_id", scope.brand_ids)
        if scope.category_ids and mask:
            mask &= self.any_of("categories", scope.category_ids)
        if scope.tags and mask:
            mask &= self.any_of("tags", scope.tags)
        if scope.excluded_product_ids and mask:
            mask &= ~self.any_of("product_id", scope.excluded_product_ids)
        return mask

    def any_of(self, attribute: str, values: Collection[Hashable]) -> int:
        """The lines with any of `values` (looking up the shorter side)."""
        masks = self.by(attribute)
        found = 0
        if len(values) <= len(masks):
            for value in values:
                found |= masks.get(value, 0)
        else:
            for value, mask in masks.items():
                if value in values:
                    found |= mask
        return found

    def by(self, attribute: str) -> dict[Hashable, int]:
        """Each value of the items' `attribute` and its lines (built on first use)."""
        masks = self.masks.get(attribute)
        if masks is None:
            masks = self.masks[attribute] = {}
            get = masks.get
            values = map(attrgetter(attribute), self.items)
            if attribute in SEVERAL:
                for bit, several in zip(self.bits, values, strict=True):
                    for value in several:
                        masks[value] = get(value, 0) | bit
            else:
                for bit, value in zip(self.bits, values, strict=True):
                    masks[value] = get(value, 0) | bit
        return masks


SEVERAL = frozenset({"categories", "tags"})  # the item attributes holding several values


def positions(mask: int) -> list[int]:
    """The set bits of `mask`, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found
