"""What listing pages show for a SKU: the catalogue price, its badge, countdown and tags."""

from mall.pricing import applicable_rules, catalogue_price
from mall.pricing.rules import (
    Audience,
    CatalogueItem,
    CatalogueKind,
    CatalogueRule,
    OrderKind,
    OrderRule,
    Scope,
    ShippingRule,
    Tier,
)
from mall.pricing.tests.builders import daily, shanghai

ITEM = CatalogueItem(sku_id=1, product_id=5, shop_id=3, category_path=(10, 1), brand_id=None,
                     unit_price=10000)  # fmt: skip
SLOT = CatalogueRule(
    key="promotion:1", name="晚场", discount_bp=2000, schedule=daily("20:00", "21:00")
)
SPECIAL = CatalogueRule(key="promotion:2", name="特价", kind=CatalogueKind.SPECIAL,
                        special_prices={1: 8500})  # fmt: skip
REDUCTION = OrderRule(key="promotion:3", name="满减", tiers=(Tier(20000, 3000),))
FREE = ShippingRule(key="promotion:4", name="包邮", shop_id=3)
ELSEWHERE = OrderRule(key="promotion:5", name="别的店", kind=OrderKind.GIFT, shop_id=4)
MEMBERS = CatalogueRule(key="promotion:6", name="会员专享", discount_bp=5000,
                        audience=Audience(min_member_rank=1))  # fmt: skip


def test_in_the_slot_the_time_slot_price_shows_with_its_countdown():
    price = catalogue_price(ITEM, (SLOT, REDUCTION, FREE, ELSEWHERE), shanghai(26, 20, 10))
    assert (price.unit_price, price.list_price) == (8000, 10000)
    assert (price.key, price.code) == ("promotion:1", "time_slot")
    assert price.params["window"] == "20:00–21:00"
    assert price.ends_at == shanghai(26, 21)
    assert price.tags == {"reduction", "free_shipping"}


def test_outside_the_slot_the_list_price_shows_with_other_tags():
    price = catalogue_price(ITEM, (SLOT, SPECIAL, REDUCTION), shanghai(26, 12))
    assert (price.unit_price, price.code, price.ends_at) == (8500, "special", None)
    assert price.tags == {"reduction"}
    plain = catalogue_price(ITEM, (SLOT,), shanghai(26, 12))
    assert (plain.unit_price, plain.key, plain.code, plain.tags) == (10000, None, None, frozenset())


def test_the_anonymous_public_does_not_see_member_only_prices():
    assert catalogue_price(ITEM, (MEMBERS,), shanghai(26, 12)).unit_price == 10000


def test_applicable_rules_are_the_ones_admitting_the_item_now():
    other_sku = CatalogueRule(key="promotion:7", name="x", scope=Scope(sku_ids=frozenset({2})))
    rules = (REDUCTION, ELSEWHERE, SLOT, FREE, MEMBERS, other_sku)
    keys = [rule.key for rule in applicable_rules(ITEM, rules, shanghai(26, 12))]
    assert keys == ["promotion:3", "promotion:4"]
    assert [r.key for r in applicable_rules(ITEM, tuple(reversed(rules)), shanghai(26, 12))] == keys
