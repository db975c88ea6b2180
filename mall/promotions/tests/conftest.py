import pytest

from mall.catalog.tests.factories import ProductFactory
from mall.celery import app as celery_app
from mall.merchants.tests.factories import ShopFactory


@pytest.fixture
def shop():
    return ShopFactory()


@pytest.fixture
def product(shop):
    """An on-sale product of `shop` with one SKU at ¥100.00 and 100 in stock."""
    return ProductFactory(shop=shop, skus__price=10_000)


@pytest.fixture(autouse=True)
def _eager_tasks():
    """A rule change over many products reprices them through the worker: run it in place."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
