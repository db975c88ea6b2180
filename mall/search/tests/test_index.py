import pytest
from django.core.management import call_command
from django.db import connection

from mall.catalog import services as catalog
from mall.catalog.models import Product
from mall.catalog.tests.factories import BrandFactory, ProductFactory
from mall.search.models import FtsDocument, PgDocument
from mall.search.selectors import search_products, suggest
from mall.search.services import index_products, rebuild_index

pytestmark = pytest.mark.django_db


def indexed_ids() -> set[int]:
    model = FtsDocument if connection.vendor == "sqlite" else PgDocument
    return set(model.objects.values_list("product_id", flat=True))


@pytest.fixture
def mug(indexed):
    return indexed(name="陶瓷马克杯")


def rename(product, name):
    product.name = name
    catalog.save_product(product)


def test_saving_a_product_reindexes_it_after_commit(mug, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rename(mug, "不锈钢保温杯")
    assert search_products("保温杯").products == [mug]
    assert search_products("马克杯").products == []


def test_nothing_changes_before_the_commit(mug, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rename(mug, "不锈钢保温杯")
    assert search_products("保温杯").products == []
    for callback in callbacks:
        callback()
    assert search_products("保温杯").products == [mug]


def test_brand_renames_reach_its_products(shampoo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shampoo.brand.name = "海飞丝"
        catalog.save_brand(shampoo.brand)
    assert search_products("海飞丝").products == [shampoo]


def test_products_back_on_sale_are_found_without_reindexing(shampoo):
    Product.objects.filter(pk=shampoo.pk).update(status=Product.Status.OFF_SHELF)
    assert search_products("洗发水").products == []
    Product.objects.filter(pk=shampoo.pk).update(status=Product.Status.ON_SALE)
    assert search_products("洗发水").products == [shampoo]


def test_deleted_products_leave_the_index(shampoo, indexed):
    other = indexed(name="海飞丝洗发水")
    Product.objects.filter(pk=shampoo.pk).delete()
    index_products([shampoo.pk, other.pk])
    assert indexed_ids() == {other.pk}


def test_rebuild_indexes_every_product_in_batches_and_drops_stale_documents(shampoo):
    brand = BrandFactory(name="膳魔师")
    cups = [ProductFactory(name=f"保温杯 {n}", brand=brand) for n in range(5)]
    draft = ProductFactory(name="保温杯 草稿", status=Product.Status.DRAFT)
    Product.objects.filter(pk=shampoo.pk).delete()
    assert rebuild_index(batch_size=2) == 6
    assert indexed_ids() == {draft.pk, *(cup.pk for cup in cups)}
    assert search_products("膳魔师 保温杯").total == 5


def test_rebuild_command(shampoo, capsys):
    call_command("rebuild_search_index", "--batch-size", "10")
    assert "Indexed 1 products" in capsys.readouterr().out
    assert search_products("洗发水").products == [shampoo]


def test_suggestions_follow_catalog_changes(mug, django_capture_on_commit_callbacks):
    assert suggest("保温") == []
    with django_capture_on_commit_callbacks(execute=True):
        rename(mug, "不锈钢保温杯")
    assert [s.text for s in suggest("保温")] == ["不锈钢保温杯"]


def test_a_large_change_is_indexed_in_one_call(shampoo):
    """Closing a big shop re-indexes all its products at once (more ids than one SQL IN list)."""
    index_products(range(1, 40_000))
    assert search_products("洗发水").products == [shampoo]
