"""Which matches are ranked: the best by relevance, ties to the better seller (as the index
last saw its sales), and a bounded set for the relaxed "no results" search."""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection

from mall.catalog.models import Product
from mall.catalog.selectors import visible_products
from mall.catalog.services import record_sales
from mall.catalog.tests.factories import BrandFactory, CategoryFactory
from mall.merchants.tests.factories import ShopFactory
from mall.search.backends import TermQuery, get_backend
from mall.search.models import PgDocument
from mall.search.selectors import search_products
from mall.search.services import index_products, rebuild_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def rank_one(monkeypatch):
    monkeypatch.setattr("mall.search.backends.base.MAX_CANDIDATES", 1)


@pytest.fixture
def twin_cups(indexed):
    """Two equally relevant products (same words, same shop, brand and category)."""
    same = {"shop": ShopFactory(), "brand": BrandFactory(), "category": CategoryFactory()}
    return indexed(name="保温杯 红", sales_count=5, **same), indexed(name="保温杯 蓝", **same)


def sell(product, sales):
    Product.objects.filter(pk=product.pk).update(sales_count=sales)


def test_of_equally_relevant_matches_the_better_seller_is_ranked(rank_one, twin_cups):
    red, _ = twin_cups
    page = search_products("保温杯")
    assert (page.products, page.total, page.more) == ([red], 1, True)


def test_reindexing_a_product_updates_its_sales_for_ranking(rank_one, twin_cups):
    _, blue = twin_cups
    sell(blue, 50)
    index_products([blue.pk])
    assert search_products("保温杯").products == [blue]


def test_paid_sales_reach_the_ranking_without_reindexing(
    rank_one, twin_cups, django_capture_on_commit_callbacks
):
    _, blue = twin_cups
    with django_capture_on_commit_callbacks(execute=True):
        record_sales({blue.pk: 50})
    assert search_products("保温杯").products == [blue]


def test_a_rebuild_reads_current_sales(rank_one, twin_cups):
    _, blue = twin_cups
    sell(blue, 50)
    rebuild_index(batch_size=1)
    assert search_products("保温杯").products == [blue]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL index table")
def test_postgresql_stores_each_products_sales_beside_its_vector(twin_cups):
    red, blue = twin_cups
    stored = dict(PgDocument.objects.values_list("product_id", "popularity"))
    assert stored == {red.pk: 5, blue.pk: 0}
    sell(blue, 7)
    index_products([blue.pk])
    sell(red, 9)
    rebuild_index()
    assert dict(PgDocument.objects.values_list("product_id", "popularity")) == {
        red.pk: 9,
        blue.pk: 7,
    }


def test_the_relaxed_search_ranks_only_the_most_relevant_few(indexed, monkeypatch):
    monkeypatch.setattr("mall.search.selectors.ALTERNATIVE_CANDIDATES", 1)
    best = indexed(name="洗发水 洗发水 洗发水")
    indexed(name="洗发水", sales_count=1000)
    page = search_products("女士 洗发水")
    assert page.total == 0
    assert [hit.product for hit in page.alternatives] == [best]


def test_only_product_fields_order_a_ranking(indexed):
    indexed(name="保温杯")
    with pytest.raises(FieldDoesNotExist):
        get_backend().rank(visible_products(), TermQuery(("保温杯",)), ['id"; --'], 0, 10)


def test_no_products_rank_nothing(indexed):
    indexed(name="保温杯")
    ranking = get_backend().rank(Product.objects.none(), TermQuery(("保温杯",)), ["id"], 0, 10)
    assert ranking == ([], 0, False)


def test_best_sellers_follow_current_sales_and_skip_hidden_products(indexed):
    low, high, hidden = (indexed(name=f"商品{n}", sales_count=n * 10) for n in (1, 2, 3))
    Product.objects.filter(pk=hidden.pk).update(status=Product.Status.OFF_SHELF)
    sell(low, 100)  # not re-indexed: the order still follows the products' own rows
    assert get_backend().best_sellers(visible_products(), 8) == [low, high]


def test_best_sellers_look_further_when_the_first_ones_are_hidden(indexed, monkeypatch):
    monkeypatch.setattr("mall.search.backends.postgres.BEST_SELLER_POOL", 1)
    second = indexed(name="保温杯", sales_count=5)
    first = indexed(name="水杯", sales_count=50)
    Product.objects.filter(pk=first.pk).update(status=Product.Status.OFF_SHELF)
    assert get_backend().best_sellers(visible_products(), 1) == [second]
