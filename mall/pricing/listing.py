"""What listing pages show: a SKU's public price now and the promotions that concern it."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from mall.pricing.frozen import make
from mall.pricing.layers.catalogue import (
    Budgets,
    Offer,
    catalogue_code,
    catalogue_params,
    pick_rules,
)
from mall.pricing.layers.order import CODES as ORDER_CODES
from mall.pricing.matching import scope_admits
from mall.pricing.rules import (
    ANONYMOUS,
    CatalogueItem,
    CataloguePrice,
    CatalogueRule,
    OrderRule,
    Rule,
    Shopper,
)
from mall.pricing.schedule import window_end
from mall.pricing.state import rule_order, rule_runs


def sku_items(
    product_id: int,
    shop_id: int,
    category_path: tuple[int, ...],
    brand_id: int | None,
    tags: Iterable[str],
    skus: Iterable[tuple[int, int]],
) -> list[CatalogueItem]:
    """The items of one product's SKUs, given as (sku_id, unit_price): its product page's
    promotions are matched against all of them (built directly, as the breakdown's values are:
    a dozen frozen dataclasses through their `__init__` cost more than the matching)."""
    return [
        make(
            CatalogueItem,
            {
                "sku_id": sku_id,
                "product_id": product_id,
                "shop_id": shop_id,
                "category_path": category_path,
                "brand_id": brand_id,
                "unit_price": unit_price,
                "tags": tags,
            },
        )
        for sku_id, unit_price in skus
    ]


def applicable_rules(
    item: CatalogueItem,
    rules: Iterable[Rule],
    moment: datetime | None,
    shopper: Shopper = ANONYMOUS,
) -> tuple[Rule, ...]:
    """Rules of any layer whose schedule, audience, budget and scope admit the item now, by
    priority then key."""
    return rules_for_any((item,), rules, moment, shopper)


def rules_for_any(
    items: Sequence[CatalogueItem],
    rules: Iterable[Rule],
    moment: datetime | None,
    shopper: Shopper = ANONYMOUS,
) -> tuple[Rule, ...]:
    """Rules that run now for the shopper and whose scope admits at least one of the items (a
    product page's promotions over its SKUs), by priority then key."""
    admitted = (
        rule
        for rule in rules
        if rule_runs(rule, moment, shopper)
        and any(scope_admits(rule.scope, rule.shop_id, item) for item in items)
    )
    return tuple(sorted(admitted, key=rule_order))


def tag_of(rule: Rule) -> str:
    """The listing tag of a rule: "time_slot", "special", "discount", "reduction",
    "order_discount", "gift", "nth_item" or "free_shipping"."""
    if isinstance(rule, CatalogueRule):
        code = catalogue_code(rule)
        return "discount" if code == "amount_off" else code
    if isinstance(rule, OrderRule):
        return ORDER_CODES[rule.kind]
    return "free_shipping"


def catalogue_price(
    item: CatalogueItem,
    rules: Iterable[Rule],
    moment: datetime | None,
    shopper: Shopper = ANONYMOUS,
) -> CataloguePrice:
    """The item's unit price after the catalogue layer (one piece), the rule that cut it most
    (its code and params for the badge, and when its stretch ends for a countdown), and the
    tags of the other rules that apply to it now."""
    applicable = applicable_rules(item, rules, moment, shopper)
    offers = [Offer(rule) for rule in applicable if isinstance(rule, CatalogueRule)]
    picks = pick_rules(offers, item.sku_id, item.unit_price, 1, Budgets())
    unit_price = item.unit_price - sum(amount for _offer, _cut, amount in picks)
    setter = min(picks, key=lambda pick: (-pick[1], *rule_order(pick[0].rule)), default=None)
    rule = None if setter is None else setter[0].rule  # the rule that cut it most
    tags = frozenset(tag_of(other) for other in applicable if other is not rule)
    if rule is None:
        return CataloguePrice(unit_price=unit_price, list_price=item.unit_price, tags=tags)
    return CataloguePrice(
        unit_price=unit_price,
        list_price=item.unit_price,
        key=rule.key,
        code=catalogue_code(rule),
        params=catalogue_params(rule, item.sku_id, moment),
        ends_at=window_end(rule.schedule, moment),
        tags=tags,
    )
