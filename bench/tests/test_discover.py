import pytest

from bench.discover import busiest_category_url, fullest_product_url
from mall.catalog.models import Product
from mall.catalog.tests.factories import CategoryFactory, ProductFactory, category_path

pytestmark = pytest.mark.django_db


def test_nothing_to_load_in_an_empty_mall():
    assert busiest_category_url() is None
    assert fullest_product_url() is None


def test_listing_is_the_top_level_category_with_most_visible_products_below_it():
    clothes_leaf = category_path("服装", "女装", "连衣裙")
    phones = CategoryFactory(name="数码", slug="digital")
    ProductFactory.create_batch(2, category=clothes_leaf)
    ProductFactory(category=phones)
    ProductFactory.create_batch(3, category=phones, status=Product.Status.DRAFT)

    assert busiest_category_url() == f"/category/{clothes_leaf.parent.parent.slug}/"


def test_product_is_the_visible_one_with_most_skus():
    ProductFactory(skus=[(["S"], 100, 1)], skus__spec_names=["尺码"])
    fullest = ProductFactory(
        skus=[(["S"], 100, 1), (["M"], 100, 1), (["L"], 100, 1)], skus__spec_names=["尺码"]
    )
    ProductFactory(
        status=Product.Status.DRAFT,
        skus=[([size], 100, 1) for size in ("XS", "S", "M", "L", "XL")],
        skus__spec_names=["尺码"],
    )

    assert fullest_product_url() == f"/product/{fullest.pk}/"
