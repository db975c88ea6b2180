import pytest
from django.db import connection
from django.db.models import F

from mall.catalog.models import Product, Sku
from mall.catalog.prepared import PreparedQuery, named_parameters
from mall.catalog.tests.factories import BrandFactory, ProductFactory

pytestmark = pytest.mark.django_db

WITH_SHOP_AND_BRAND = PreparedQuery(
    lambda pk: Product.objects.select_related("shop", "brand").filter(pk=pk)
)
SKU_VALUES = PreparedQuery(
    lambda pk: (
        Sku.objects.filter(product_id=pk).order_by("price").values_list("spec_values", "price")
    )
)


def test_objects_are_the_orms_own_with_related_objects_attached(django_assert_num_queries):
    product = ProductFactory(brand=BrandFactory(name="李宁"), name="红T")
    with django_assert_num_queries(1):
        (found,) = WITH_SHOP_AND_BRAND.objects(product.pk)
        assert (found.pk, found.name, found.brand.name) == (product.pk, "红T", "李宁")
        assert found.shop == product.shop and found.is_new == product.is_new


def test_each_call_reads_its_own_key_afresh():
    first, second = ProductFactory(name="一"), ProductFactory(name="二")
    assert WITH_SHOP_AND_BRAND.objects(first.pk)[0].name == "一"
    assert WITH_SHOP_AND_BRAND.objects(second.pk)[0].name == "二"
    Product.objects.filter(pk=first.pk).update(name="改")
    assert WITH_SHOP_AND_BRAND.objects(first.pk)[0].name == "改"


def test_values_are_converted_like_the_orm_converts_them():
    product = ProductFactory(skus=[(["红色", "M"], 5900, 5), (["蓝色", "L"], 4900, 5)])
    assert SKU_VALUES.values(product.pk) == [(["蓝色", "L"], 4900), (["红色", "M"], 5900)]


@pytest.mark.parametrize("key", [0, 2**63, -(2**70)])
def test_keys_no_row_can_have_find_nothing(key):
    ProductFactory()
    assert WITH_SHOP_AND_BRAND.objects(key) == []


def test_a_query_that_ignores_its_key_is_refused():
    with pytest.raises(ValueError):
        PreparedQuery(lambda pk: Product.objects.all()).objects(1)


def test_parameters_are_passed_by_name_and_escaped_percent_signs_kept():
    sql = "a = %s AND b LIKE '%%x' AND c IN (%s, %s) AND d = '%%%s'"
    assert named_parameters(sql) == (
        "a = %(p0)s AND b LIKE '%%x' AND c IN (%(p1)s, %(p2)s) AND d = '%%%(p3)s'"
    )


def test_a_query_with_a_percent_sign_of_its_own_reads_the_same():
    product = ProductFactory(skus=[([], 5903, 5)])
    modulo = PreparedQuery(
        lambda pk: Product.objects.filter(pk=pk).annotate(m=F("price_min") % 7).values_list("m")
    )
    assert modulo.values(product.pk) == [(5903 % 7,)]


def test_reads_can_share_a_cursor(django_assert_num_queries):
    product = ProductFactory(skus=[(["红色", "M"], 5900, 5)])
    with django_assert_num_queries(2), connection.cursor() as cursor:
        assert WITH_SHOP_AND_BRAND.objects(product.pk, cursor=cursor) == [product]
        assert SKU_VALUES.values(product.pk, cursor=cursor) == [(["红色", "M"], 5900)]
