"""Facets: the spec values of a listing scope, read unordered and sorted in Python."""

import pytest
from django.http import QueryDict

from mall.catalog import selectors
from mall.catalog.filters import parse_listing_filters
from mall.catalog.models import Category, Product, SpecValue
from mall.catalog.selectors import MAX_FACET_ROWS, MAX_FACET_VALUES, Facet, facets_from
from mall.catalog.tests.factories import CategoryFactory, ProductFactory, category_path
from mall.merchants.models import Shop


def test_facets_are_sorted_by_name_then_value_and_need_two_values():
    rows = [("颜色", "蓝色"), ("尺码", "M"), ("颜色", "红色"), ("产地", "上海"), ("尺码", "L")]
    assert facets_from(rows) == [Facet("尺码", ["L", "M"]), Facet("颜色", ["红色", "蓝色"])]


def test_facets_keep_the_first_rows_and_values_in_order():
    rows = [(f"n{n // 50:02d}", f"v{n % 50:02d}") for n in range(MAX_FACET_ROWS + 50)]
    facets = facets_from(reversed(rows))
    assert len(facets) == MAX_FACET_ROWS // 50
    assert all(f.values == [f"v{n:02d}" for n in range(MAX_FACET_VALUES)] for f in facets)


@pytest.mark.django_db
def test_facet_rows_are_the_distinct_values_of_the_visible_scope():
    leaf = category_path("服装", "男装", "T恤")
    top = leaf.parent.parent
    hidden_leaf = CategoryFactory(name="隐藏", parent=leaf.parent, level=3, is_active=False)
    for category, status in [
        (leaf, Product.Status.ON_SALE),
        (leaf, Product.Status.ON_SALE),
        (leaf, Product.Status.DRAFT),
        (hidden_leaf, Product.Status.ON_SALE),
    ]:
        product = ProductFactory(category=category, status=status)
        SpecValue.objects.create(product=product, name="颜色", value=f"{status}-{category.pk}")
        SpecValue.objects.create(product=product, name="尺码", value="M")
    suspended = ProductFactory(category=leaf)
    Shop.objects.filter(pk=suspended.shop_id).update(status=Shop.Status.SUSPENDED)
    SpecValue.objects.create(product=suspended, name="尺码", value="XL")
    expected = {("颜色", f"on_sale-{leaf.pk}"), ("尺码", "M")}
    for scope in (top, leaf.parent, leaf):
        rows = list(selectors.facet_rows(category_id=scope.pk))
        assert sorted(rows) == sorted(expected)
    assert Category.objects.filter(pk__in=selectors.subtree_categories(top.pk)).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "price_min=0"])
def test_a_listing_without_facets_reads_no_spec_values(query, django_assert_num_queries):
    product = ProductFactory()
    SpecValue.objects.create(product=product, name="颜色", value="红色")
    SpecValue.objects.create(product=ProductFactory(shop=product.shop), name="颜色", value="蓝色")
    filters = parse_listing_filters(QueryDict(query))
    assert selectors.list_products(filters, shop=product.shop).facets == [
        Facet("颜色", ["红色", "蓝色"])
    ]
    with django_assert_num_queries(2 if query == "" else 3):
        page = selectors.list_products(filters, shop=product.shop, with_facets=False)
    assert (page.total, page.facets) == (2, [])
