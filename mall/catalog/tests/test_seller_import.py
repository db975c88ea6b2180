"""The seller's bulk import: always into the member's shop, drafts until reviewed, own jobs only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mall.catalog.models import ImportJob, Product, Sku
from mall.catalog.tests.import_helpers import csv_bytes, image_bytes, mall_setup, row, zip_bytes
from mall.catalog.tests.seller_helpers import Role, seller_client
from mall.celery import app as celery_app
from mall.inventory.models import StockMovement
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db
UPLOAD = reverse("seller_products:import")


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def shops():
    """甲店 (the seller's, named "shop-a" in the default rows) and 乙店."""
    mine, _leaf = mall_setup()
    return mine, ShopFactory(slug="shop-b", name="乙店")


def upload(client, rows, capture, images=None):
    files = {"file": SimpleUploadedFile("商品.csv", csv_bytes(rows), "text/csv")}
    if images:
        files["images"] = SimpleUploadedFile("图片.zip", zip_bytes(images).getvalue())
    with capture(execute=True):
        return client.post(UPLOAD, files)


def test_rows_go_to_the_members_shop_as_drafts(
    shops, eager_celery, django_capture_on_commit_callbacks
):
    mine, theirs = shops
    client = seller_client(mine, Role.OPERATIONS)
    rows = [
        row(店铺="", 图片="a.png"),
        row(商品货号="P2", SKU编码="P2-1", 店铺="甲店", 状态="待审核"),
        row(商品货号="P3", SKU编码="P3-1", 店铺="乙店"),
        row(商品货号="P4", SKU编码="P4-1", 店铺="不存在的店"),
        row(商品货号="P5", SKU编码="P5-1", 状态="在售"),
    ]
    response = upload(client, rows, django_capture_on_commit_callbacks, {"a.png": image_bytes()})
    job = ImportJob.objects.get()
    assert job.shop == mine and job.shop_only
    assert response.url == reverse("seller_products:import_progress", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "已完成" in page and "只能导入本店的商品" in page and "状态只能填" in page
    statuses = dict(Product.objects.values_list("merchant_code", "status"))
    assert statuses == {"P1": "draft", "P2": "pending"}
    assert not Product.objects.filter(shop=theirs).exists()
    assert StockMovement.objects.filter(reason="initial").count() == 2


def test_a_reimport_moves_stock_with_history_and_sends_content_edits_to_review(
    shops, eager_celery, django_capture_on_commit_callbacks
):
    mine, _theirs = shops
    client = seller_client(mine)
    upload(client, [row(店铺="")], django_capture_on_commit_callbacks)
    Product.objects.update(status=Product.Status.ON_SALE)
    upload(client, [row(店铺="", 库存="4", 售价="49.90")], django_capture_on_commit_callbacks)
    product = Product.objects.get()
    assert product.status == Product.Status.ON_SALE  # price and stock go live
    assert Sku.objects.get().stock == 4
    assert list(StockMovement.objects.order_by("id").values_list("delta", "reason")) == [
        (10, "initial"), (-6, "stocktake"),
    ]  # fmt: skip
    upload(
        client, [row(店铺="", 商品名称="新名字", 状态="草稿")], django_capture_on_commit_callbacks
    )
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING and product.name == "新名字"


def test_bad_files_reshow_the_form(shops):
    client = seller_client(shops[0])
    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")}
    )
    assert response.status_code == 400 and "只支持 CSV 和 XLSX 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_page_and_template(shops):
    client = seller_client(shops[0])
    assert client.get(UPLOAD).status_code == 200
    template = client.get(reverse("seller_products:import_template")).content.decode("utf-8")
    assert "商品货号" in template and "店铺" not in template


def test_jobs_of_other_shops_and_of_operators_are_404(shops):
    mine, theirs = shops
    client = seller_client(mine)
    other = ImportJob.objects.create(file_name="b.csv", shop=theirs, shop_only=True)
    operators = ImportJob.objects.create(file_name="c.csv", shop=mine)
    for job in (other, operators):
        assert (
            client.get(reverse("seller_products:import_progress", args=[job.pk])).status_code == 404
        )
        assert (
            client.get(reverse("seller_products:import_report", args=[job.pk])).status_code == 404
        )
    own = ImportJob.objects.create(file_name="a.csv", shop=mine, shop_only=True)
    page = client.get(reverse("seller_products:import_progress", args=[own.pk]))
    assert page.status_code == 200 and "hx-trigger" in page.content.decode()
    assert "b.csv" not in client.get(UPLOAD).content.decode()


@pytest.mark.parametrize("role", [Role.SERVICE, Role.SHIPPING])
def test_roles_without_edit_products_cannot_import(shops, role):
    client = seller_client(shops[0], role)
    job = ImportJob.objects.create(file_name="a.csv", shop=shops[0], shop_only=True)
    assert client.get(UPLOAD).status_code == 404
    assert client.get(reverse("seller_products:import_progress", args=[job.pk])).status_code == 404
