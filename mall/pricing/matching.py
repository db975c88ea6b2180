"""Who a rule is for (audience) and which lines it covers (scope), with an index of the cart's
lines so each rule looks only at the lines its most selective scope dimension names."""

from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
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
    """The cart's lines by SKU, product, shop, category (and ancestors), brand and tag."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self.found: dict[tuple[int, int | None], list[int]] = {}
        self.index: dict[str, dict[Hashable, list[int]]] = defaultdict(lambda: defaultdict(list))
        for position, item in enumerate(items):
            self.index["sku"][item.sku_id].append(position)
            self.index["product"][item.product_id].append(position)
            self.index["shop"][item.shop_id].append(position)
            self.index["brand"][item.brand_id].append(position)
            for category in item.categories:
                self.index["category"][category].append(position)
            for tag in item.tags:
                self.index["tag"][tag].append(position)

    def matching(self, scope: Scope, shop_id: int | None) -> list[int]:
        """Positions of the items the scope (and the rule's shop) admits, in cart order
        (remembered: layers ask again for the same rules and coupons)."""
        key = (id(scope), shop_id)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = self._match(scope, shop_id)
        return found

    def _match(self, scope: Scope, shop_id: int | None) -> list[int]:
        anchor = _anchor(scope, shop_id)
        if anchor is None:  # everything, but for excluded products
            excluded = scope.excluded_product_ids
            return [p for p, item in enumerate(self.items) if item.product_id not in excluded]
        dimension, values = anchor
        found = self.index[dimension]
        if len(values) == 1:
            (value,) = values
            candidates: Sequence[int] = found.get(value, ())
        else:
            candidates = sorted({p for value in values for p in found.get(value, ())})
        if _constraints(scope, shop_id) == 1:  # the anchor is all there is to match
            return list(candidates)
        return [p for p in candidates if scope_admits(scope, shop_id, self.items[p])]


def _constraints(scope: Scope, shop_id: int | None) -> int:
    """How many conditions the scope (and the rule's shop) sets."""
    sets = (
        scope.shop_ids,
        scope.sku_ids,
        scope.product_ids,
        scope.brand_ids,
        scope.category_ids,
        scope.tags,
        scope.excluded_product_ids,
    )
    return (shop_id is not None) + sum([1 for values in sets if values])


def _anchor(scope: Scope, shop_id: int | None) -> tuple[str, Collection[Hashable]] | None:
    """The scope's most selective non-empty dimension, or None when it covers everything."""
    if scope.sku_ids:
        return "sku", scope.sku_ids
    if scope.product_ids:
        return "product", scope.product_ids
    if shop_id is not None:
        return "shop", (shop_id,)
    if scope.category_ids:
        return "category", scope.category_ids
    if scope.brand_ids:
        return "brand", scope.brand_ids
    if scope.shop_ids:
        return "shop", scope.shop_ids
    if scope.tags:
        return "tag", scope.tags
    return None
