import pytest

from mall.catalog.tests.factories import ProductFactory
from mall.merchants.tests.factories import ShopFactory


@pytest.fixture
def shop():
    return ShopFactory()


@pytest.fixture
def product(shop):
    """An on-sale product of `shop` with one SKU at ¥100.00 and 100 in stock."""
    return ProductFactory(shop=shop, skus__price=10_000)
