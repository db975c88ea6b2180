"""The product columns other apps change only through catalog services: sales (orders, when
paid) and the listed stock total (inventory, after stock moves)."""

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from mall.catalog import services
from mall.catalog.cache import catalog_generation
from mall.catalog.models import Product, Sku
from mall.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _sales(*products) -> list[int]:
    return [Product.objects.get(pk=p.pk).sales_count for p in products]


def test_record_sales_adds_to_each_products_count():
    a, b, untouched = ProductFactory(), ProductFactory(), ProductFactory()
    services.record_sales({b.pk: 3, a.pk: 2})
    services.record_sales({a.pk: 1})
    assert _sales(a, b, untouched) == [3, 3, 0]


def test_record_sales_refuses_a_non_positive_quantity_and_writes_nothing_then():
    product = ProductFactory()
    with pytest.raises(ValueError), transaction.atomic():
        services.record_sales({product.pk: 2, product.pk + 1: 0})
    assert _sales(product) == [0]


def test_a_sale_drops_no_cached_page(django_capture_on_commit_callbacks):
    product = ProductFactory()
    generation = catalog_generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_sales({product.pk: 1})
    assert catalog_generation() == generation


def test_stock_totals_count_active_skus_only(django_capture_on_commit_callbacks):
    product = ProductFactory(skus=[(["红"], 1000, 4), (["蓝"], 1000, 6)])
    red, blue = product.skus.order_by("pk")
    Sku.objects.filter(pk=red.pk).update(stock=1)
    Sku.objects.filter(pk=blue.pk).update(is_active=False)
    services.refresh_stock_totals([product.pk])
    assert Product.objects.get(pk=product.pk).stock_total == 1


def test_only_a_product_selling_out_or_coming_back_drops_cached_pages(
    django_capture_on_commit_callbacks,
):
    product = ProductFactory(skus=[([], 1000, 5)])
    sku = product.skus.get()
    generation = catalog_generation()

    Sku.objects.filter(pk=sku.pk).update(stock=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.refresh_stock_totals([product.pk])
    assert catalog_generation() == generation  # still in stock: pages stay cached

    Sku.objects.filter(pk=sku.pk).update(stock=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.refresh_stock_totals([product.pk, product.pk])
    assert Product.objects.get(pk=product.pk).stock_total == 0
    assert catalog_generation() > generation  # sold out: listings must show it


class TestSalesAddUp(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.dictionaries(st.integers(0, 2), st.integers(1, 50), max_size=3)))
    def test_the_count_is_the_sum_of_every_sale(self, sales):
        products = [ProductFactory() for _ in range(3)]
        for sale in sales:
            services.record_sales({products[i].pk: qty for i, qty in sale.items()})
        expected = [sum(sale.get(i, 0) for sale in sales) for i in range(3)]
        assert _sales(*products) == expected
