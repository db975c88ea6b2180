import pytest

from mall.catalog.tests.factories import BrandFactory, ProductFactory, category_path
from mall.storefront.tests.factories import add_images, add_params


@pytest.fixture
def shirts(db):
    """服装 > 男装 > T恤 with a branded two-spec shirt and a cheaper plain one."""
    leaf = category_path("服装", "男装", "T恤")
    brand = BrandFactory(name="李宁")
    red = ProductFactory(
        category=leaf, brand=brand, name="李宁速干T恤", is_new=True, is_hot=True,
        is_recommended=True, sales_count=30,
        skus=[(["红色", "M"], 5900, 5), (["红色", "L"], 6900, 0), (["蓝色", "M"], 7900, 3)],
        skus__spec_names=["颜色", "尺码"],
    )  # fmt: skip
    plain = ProductFactory(category=leaf, name="纯棉白T", skus__price=2900, sales_count=3)
    add_images(red, 2)
    add_params(red, 2)
    return leaf, brand, red, plain
