import pytest
from django.utils import translation

from mall.catalog.tests.factories import ProductFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory


@pytest.fixture
def sku(db):
    return ProductFactory(skus=[(["红色"], 2500, 10)]).skus.get()


@pytest.fixture
def seller(sku):
    return ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.SHIPPING)


@pytest.fixture(autouse=True)
def _chinese_unless_asked():
    """Messages are asserted in Chinese; a request in English must not leak into the next test
    (the locale middleware leaves the thread's language activated)."""
    with translation.override("zh-hans"):
        yield
