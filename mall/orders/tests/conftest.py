import pytest

from mall.catalog.tests.factories import ProductFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory


@pytest.fixture
def sku(db):
    return ProductFactory(skus=[(["红色"], 2500, 10)]).skus.get()


@pytest.fixture
def seller(sku):
    return ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.SHIPPING)
