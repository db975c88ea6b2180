"""sku_items builds the same CatalogueItem values as their constructor."""

from mall.pricing import sku_items
from mall.pricing.rules import CatalogueItem


def test_sku_items_equal_the_items_built_one_by_one():
    tags = frozenset({"new"})
    items = sku_items(7, 3, (12, 4, 1), None, tags, [(70, 5900), (71, 6900)])
    assert items == [
        CatalogueItem(
            sku_id=sku_id, product_id=7, shop_id=3, category_path=(12, 4, 1), brand_id=None,
            unit_price=price, tags=tags,
        )
        for sku_id, price in [(70, 5900), (71, 6900)]
    ]  # fmt: skip
    assert hash(items[0]) == hash(CatalogueItem(70, 7, 3, (12, 4, 1), None, 5900, tags))
    assert items[0].categories == (12, 4, 1)
