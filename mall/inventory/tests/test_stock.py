import pytest
from django.db import DatabaseError, transaction

from mall.catalog.models import Product, Sku
from mall.catalog.tests.factories import ProductFactory
from mall.inventory.models import StockMovement
from mall.inventory.services import OutOfStock, StockItem, return_stock, take_stock

pytestmark = pytest.mark.django_db(transaction=True)


def _skus(*stocks: int) -> list[Sku]:
    product = ProductFactory(skus=[([f"v{i}"], 1000, stock) for i, stock in enumerate(stocks)])
    return list(product.skus.order_by("pk"))


def test_take_stock_takes_every_item_and_logs_a_movement_each():
    a, b = _skus(5, 3)
    take_stock([StockItem(a.pk, 2, "order:1"), StockItem(b.pk, 3, "order:2")])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (3, 0)
    moves = StockMovement.objects.order_by("sku_id").values_list("sku_id", "delta", "reference")
    assert list(moves) == [(a.pk, -2, "order:1"), (b.pk, -3, "order:2")]


def test_a_short_sku_takes_nothing_and_names_the_sku():
    a, b = _skus(5, 1)
    with pytest.raises(OutOfStock) as caught:
        take_stock([StockItem(a.pk, 2, "order:1"), StockItem(b.pk, 2, "order:1")])
    assert caught.value.sku_id == b.pk
    assert "v1" in caught.value.message and "仅剩 1 件" in caught.value.message
    assert sorted(Sku.objects.values_list("stock", flat=True)) == [1, 5]
    assert not StockMovement.objects.exists()


def test_the_same_sku_on_two_orders_is_checked_against_the_sum():
    (a,) = _skus(3)
    with pytest.raises(OutOfStock):
        take_stock([StockItem(a.pk, 2, "order:1"), StockItem(a.pk, 2, "order:2")])
    a.refresh_from_db()
    assert a.stock == 3


def test_return_stock_puts_it_back_and_listings_follow_after_commit():
    (a,) = _skus(2)
    take_stock([StockItem(a.pk, 2, "order:1")])
    assert Product.objects.get(pk=a.product_id).stock_total == 0
    return_stock([StockItem(a.pk, 2, "order:1")])
    a.refresh_from_db()
    assert a.stock == 2
    assert Product.objects.get(pk=a.product_id).stock_total == 2
    assert StockMovement.objects.filter(reference="order:1").count() == 2


def test_quantities_must_be_positive():
    (a,) = _skus(2)
    with pytest.raises(ValueError):
        take_stock([StockItem(a.pk, 0, "order:1")])


def test_without_a_savepoint_a_short_sku_rolls_back_the_enclosing_transaction():
    a, b = _skus(5, 1)
    with pytest.raises(OutOfStock), transaction.atomic():
        ProductFactory(name="同一事务里写下的商品")
        take_stock([StockItem(a.pk, 2, "order:1"), StockItem(b.pk, 2, "order:1")], savepoint=False)
    assert sorted(Sku.objects.values_list("stock", flat=True)) == [1, 5]
    assert not Product.objects.filter(name="同一事务里写下的商品").exists()
    assert not StockMovement.objects.exists()


def test_a_failed_stock_total_refresh_after_commit_is_logged_not_raised(monkeypatch, caplog):
    (a,) = _skus(3)

    def fail(_):
        raise DatabaseError("deadlock detected")

    monkeypatch.setattr("mall.inventory.services.refresh_products_of", fail)
    take_stock([StockItem(a.pk, 1, "order:1")])
    a.refresh_from_db()
    assert a.stock == 2
    assert "refreshing stock totals" in caplog.text
