"""The storefront's uncached reads (catalog.selectors.get_product_page, the plain listings) give
what the ORM's straightforward queries give."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mall.catalog import selectors
from mall.catalog.filters import ListingFilters, Sort
from mall.catalog.models import Product, ProductImage, ProductParam, Sku
from mall.catalog.tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductFactory,
    category_path,
)
from mall.merchants.models import Shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def product() -> Product:
    product = ProductFactory(
        skus=[(["红色", "M"], 5900, 5), (["蓝色", "L"], 4900, 0)], skus__spec_names=["颜色", "尺码"]
    )
    Sku.objects.create(product=product, spec_values=["黑色", "S"], price=100, is_active=False)
    sku = product.skus.first()
    Sku.objects.filter(pk=sku.pk).update(promo_price=5500)
    for position, name in enumerate(["产地", "净含量"]):
        ProductParam.objects.create(product=product, name=name, value="上海", position=position)
    for position in (1, 0):
        ProductImage.objects.create(product=product, image=f"p/{position}.png", position=position)
    ProductImage.objects.create(product=product, image="p/sku.png", alt="红", sku=sku)
    ProductFactory.create_batch(3, category=product.category)  # related
    return product


def test_the_product_page_reads_what_the_product_detail_reads(product, django_assert_num_queries):
    detail = selectors.get_product_detail(product.pk)
    with django_assert_num_queries(5):
        page = selectors.get_product_page(product.pk)
    assert (page, page.shop, page.brand, page.category) == (
        detail,
        detail.shop,
        detail.brand,
        detail.category,
    )
    assert selectors.category_ancestors(page.category) == selectors.category_ancestors(
        detail.category
    )
    assert [(s.name, s.values) for s in page.spec_list] == [
        (s.name, s.values) for s in detail.specs.all()
    ]
    assert [
        (s.pk, s.spec_values, s.price, s.market_price, s.promo_price, s.stock)
        for s in page.active_skus
    ] == [
        (s.pk, s.spec_values, s.price, s.market_price, s.promo_price, s.stock)
        for s in detail.active_skus
    ]
    assert [(p.name, p.value) for p in page.param_list] == [
        (p.name, p.value) for p in detail.params.all()
    ]
    assert [(i.image.name, i.alt) for i in page.gallery] == [
        (i.image.name, i.alt) for i in detail.gallery
    ]


def test_related_cards_are_the_related_products(product, django_assert_num_queries):
    with django_assert_num_queries(1):
        related = selectors.related_cards(product.pk)
    assert len(related) == 3
    assert related == selectors.related_products(product)


def test_a_product_that_is_not_visible_has_no_page(product):
    Shop.objects.filter(pk=product.shop_id).update(status=Shop.Status.SUSPENDED)
    with pytest.raises(selectors.Http404):
        selectors.get_product_page(product.pk)
    assert selectors.related_cards(product.pk) == []


@pytest.fixture
def scope():
    """Products of two leaves under one top category, with ties in every sort key."""
    nuts = category_path("食品", "零食", "坚果")
    leaves = [nuts, CategoryFactory(name="饼干", parent=nuts.parent, level=3)]
    now = timezone.now()
    for n in range(11):
        published = now - timedelta(days=n % 3) if n % 5 else None
        ProductFactory(
            category=leaves[n % 2], sales_count=n % 3, is_recommended=n % 4 == 0,
            skus__price=1000 + 100 * (n % 5), published_at=published,
        )  # fmt: skip
    Product.objects.filter(sales_count=1).update(promo_price_min=900)
    ProductFactory(category=leaves[0], status=Product.Status.OFF_SHELF)
    return nuts.parent.parent


@pytest.mark.parametrize("sort", list(Sort))
def test_a_page_of_cards_is_that_slice_of_the_sorted_scope(scope, sort):
    products = selectors.listing_scope(category_id=scope.pk)
    ordered = list(products.order_by(*selectors.LISTING_ORDER[sort]).values_list("pk", flat=True))
    assert len(ordered) == 11
    for start in range(0, 12, 4):
        page = selectors.card_page(products, sort, start, start + 4)
        assert [row[0] for row in page] == ordered[start : start + 4]


def test_brand_counts_name_each_brand_once_and_add_up_to_the_scope():
    leaf = category_path("服装", "男装", "T恤")
    anta, lining = BrandFactory(name="安踏"), BrandFactory(name="李宁")
    ProductFactory.create_batch(2, category=leaf, brand=lining)
    ProductFactory(category=leaf, brand=anta)
    ProductFactory(category=leaf, brand=None)
    ProductFactory(category=leaf, brand=anta, status=Product.Status.DRAFT)
    counts = list(selectors.brand_counts(selectors.listing_scope(category_id=leaf.pk)))
    branded = [row for row in counts if row[0] is not None]
    assert branded == [(anta.pk, 1, "安踏", anta.slug), (lining.pk, 2, "李宁", lining.slug)]
    assert sum(products for _, products, *_ in counts) == 4
    page = selectors.list_products(ListingFilters(), category=leaf.parent.parent)
    assert page.total == 4
    assert page.brands == [selectors.Ref(b.pk, b.name, b.slug) for b in (anta, lining)]
