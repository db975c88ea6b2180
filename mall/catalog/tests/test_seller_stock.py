"""Stock edits from the seller's stock page: set (盘点) or adjust, each a movement, by role."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from mall.catalog import selectors
from mall.catalog.models import Product, Sku
from mall.catalog.tests.factories import ProductFactory
from mall.catalog.tests.seller_helpers import Role, seller_client
from mall.inventory import services as stock
from mall.inventory.models import StockMovement
from mall.inventory.services import StockItem, take_stock
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return ProductFactory(
        skus=[(["红色"], 9900, 10), (["蓝色"], 9900, 5)], skus__spec_names=["颜色"]
    )


def stock_url(product) -> str:
    return reverse("seller_products:stock", args=[product.pk])


def edit(client, product, sku, **data):
    return client.post(stock_url(product), {"sku": sku.pk, "mode": "set", "reason": "stocktake",
                                            "note": ""} | data)  # fmt: skip


def test_set_and_adjust_record_movements_and_show_the_history(product):
    client = seller_client(product.shop, Role.SHIPPING)
    red = product.skus.get(spec_values=["红色"])
    assert edit(client, product, red, quantity="7", note="月底盘点").status_code == 302
    assert (
        edit(client, product, red, mode="adjust", quantity="20", reason="restock").status_code
        == 302
    )
    assert (
        edit(client, product, red, mode="adjust", quantity="-2", reason="loss").status_code == 302
    )
    red.refresh_from_db()
    assert red.stock == 25
    moves = StockMovement.objects.filter(sku=red).order_by("id")
    assert [(m.delta, m.reason) for m in moves] == [
        (-3, "stocktake"),
        (20, "restock"),
        (-2, "loss"),
    ]
    page = client.get(stock_url(product)).content.decode()
    assert "月底盘点" in page and "补货" in page and "损耗" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "adjust", "quantity": "-11", "reason": "loss"}, "库存不足"),
        ({"quantity": "-1"}, "库存不能为负数"),
        ({"mode": "adjust", "quantity": "0"}, "调整数量不能为 0"),
        ({"quantity": "abc"}, "输入整数"),
        ({"quantity": "5", "reason": "order_placed"}, "选择一个有效的选项"),
    ],
)
def test_bad_stock_edits_change_nothing(product, data, message):
    client = seller_client(product.shop)
    red = product.skus.get(spec_values=["红色"])
    response = edit(client, product, red, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    red.refresh_from_db()
    assert red.stock == 10 and not StockMovement.objects.exists()


def test_a_set_after_a_checkout_keeps_the_count_exact(product):
    red = product.skus.get(spec_values=["红色"])
    take_stock([StockItem(red.pk, 3, "order:1")])
    assert stock.set_stock(red, 12, reason="stocktake") == 5  # 7 left after the order
    red.refresh_from_db()
    assert red.stock == 12
    assert sum(StockMovement.objects.filter(sku=red).values_list("delta", flat=True)) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")
def test_a_concurrent_checkout_is_never_lost_by_a_stocktake():
    product = ProductFactory(skus=[([], 9900, 10)])
    sku = product.skus.get()
    barrier = threading.Barrier(2)

    def checkout():
        barrier.wait()
        take_stock([StockItem(sku.pk, 4, "order:9")])
        connection.close()

    def stocktake():
        barrier.wait()
        stock.set_stock(sku, 50, reason="stocktake")
        connection.close()

    threads = [threading.Thread(target=checkout), threading.Thread(target=stocktake)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sku.refresh_from_db()
    total = sum(StockMovement.objects.filter(sku=sku).values_list("delta", flat=True))
    assert sku.stock == 10 + total  # every change is in the history, none overwritten
    assert sku.stock in (46, 50)


def test_another_shops_sku_is_404(product):
    client = seller_client(ShopFactory())
    red = product.skus.get(spec_values=["红色"])
    assert client.get(stock_url(product)).status_code == 404
    assert edit(client, product, red, quantity="0").status_code == 404
    mine = ProductFactory(shop=ShopFactory())
    own = seller_client(mine.shop)
    assert edit(own, mine, red, quantity="0").status_code == 404  # their SKU under my product
    red.refresh_from_db()
    assert red.stock == 10


def test_service_staff_cannot_edit_stock(product):
    client = seller_client(product.shop, Role.SERVICE)
    red = product.skus.get(spec_values=["红色"])
    assert client.get(stock_url(product)).status_code == 404
    assert edit(client, product, red, quantity="0").status_code == 404


def test_shipping_staff_edit_stock_but_not_content(product):
    client = seller_client(product.shop, Role.SHIPPING)
    assert client.get(stock_url(product)).status_code == 200
    assert client.get(reverse("seller_products:edit", args=[product.pk])).status_code == 404


def test_history_pages_use_a_constant_number_of_queries(product, django_assert_max_num_queries):
    client = seller_client(product.shop)
    red = product.skus.get(spec_values=["红色"])
    edit(client, product, red, quantity="3")
    with django_assert_max_num_queries(12) as few:
        client.get(stock_url(product))
    for n in range(10):
        stock.adjust_stock(red, 1, reason="restock", note=str(n))
    with django_assert_max_num_queries(len(few)):
        client.get(stock_url(product))


def test_low_stock_skus_for_the_dashboard():
    shop = ShopFactory()
    product = ProductFactory(shop=shop, skus=[(["a"], 100, 2), (["b"], 100, 50), (["c"], 100, 0)],
                             skus__spec_names=["款"])  # fmt: skip
    ProductFactory(shop=shop, status=Product.Status.DRAFT, skus=[([], 100, 1)])
    ProductFactory(skus=[([], 100, 1)])  # another shop's
    Sku.objects.filter(product=product, spec_values=["c"]).update(is_active=False)
    low = selectors.low_stock_skus(shop, threshold=10, limit=10)
    assert [sku.spec_values for sku in low] == [["a"]]
