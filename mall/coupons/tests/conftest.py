import pytest

from mall.customers.tests.factories import ShopperFactory


@pytest.fixture
def shopper():
    return ShopperFactory()
