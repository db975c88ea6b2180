import pytest

from mall.catalog.models import Sku
from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory


def make_sku(price: int = 1990, stock: int = 50, **product) -> Sku:
    """An on-sale product with one SKU; `product` passes factory fields (shop=…)."""
    return ProductFactory(skus=[([], price, stock)], **product).skus.get()


@pytest.fixture
def sku(db) -> Sku:
    return make_sku()


@pytest.fixture
def shopper(db):
    return ShopperFactory()
