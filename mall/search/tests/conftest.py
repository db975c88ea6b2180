import pytest

from mall.catalog.tests.factories import BrandFactory, ProductFactory, category_path
from mall.search.services import index_products


@pytest.fixture
def indexed():
    """Create a product with ProductFactory and index it (factories bypass catalog services)."""

    def make(**fields):
        product = ProductFactory(**fields)
        index_products([product.pk])
        return product

    return make


@pytest.fixture
def shampoo(db, indexed):
    category = category_path("美妆个护", "洗护", "洗发水")
    return indexed(
        name="清扬男士去屑洗发水",
        subtitle="控油清爽 持久留香",
        brand=BrandFactory(name="清扬"),
        category=category,
        keywords="洗发水,去屑洗发水,男士洗发水",
        sales_count=120,
    )
