import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mall.catalog import services
from mall.catalog.models import Product, Sku
from mall.catalog.tests.factories import ProductFactory
from mall.merchants.models import Shop

pytestmark = pytest.mark.django_db


def test_summary_follows_skus():
    product = ProductFactory(
        skus=[(["红色", "M"], 9900, 3), (["蓝色", "L"], 12900, 4)],
        skus__spec_names=["颜色", "尺码"],
    )
    product.refresh_from_db()
    assert (product.price_min, product.price_max, product.stock_total) == (9900, 12900, 7)
    assert set(product.spec_values.values_list("name", "value")) == {
        ("颜色", "红色"), ("颜色", "蓝色"), ("尺码", "M"), ("尺码", "L"),
    }  # fmt: skip


def test_only_on_sale_products_of_open_shops_are_visible():
    shown = ProductFactory()
    ProductFactory(status=Product.Status.DRAFT)
    ProductFactory(shop__status=Shop.Status.SUSPENDED)
    assert list(Product.objects.visible()) == [shown]


def test_stock_can_never_go_negative():
    sku = ProductFactory().skus.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Sku.objects.filter(pk=sku.pk).update(stock=-1)


def test_status_moves_only_along_the_review_flow():
    product = ProductFactory(status=Product.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.change_status(product, Product.Status.ON_SALE)
    services.change_status(product, Product.Status.PENDING)
    product = services.change_status(product, Product.Status.ON_SALE)
    assert product.status == Product.Status.ON_SALE and product.published_at


def test_description_is_sanitised_on_save():
    product = ProductFactory()
    product.description = (
        '<p onclick="x()">好<script>alert(1)</script></p><a href="javascript:x">y</a>'
    )
    services.save_product(product)
    product.refresh_from_db()
    assert "script" not in product.description and "onclick" not in product.description
    assert "javascript" not in product.description and "好" in product.description
