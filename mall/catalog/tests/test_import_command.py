from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mall.catalog.models import ImportJob, Product, ProductImage
from mall.catalog.tests.import_helpers import csv_bytes, image_bytes, mall_setup, row, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def mall():
    return mall_setup()


def import_products(*args: str) -> str:
    out = StringIO()
    call_command("import_products", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_command_prints_the_summary_and_each_rejected_row(mall, tmp_path):
    path = tmp_path / "商品.csv"
    path.write_bytes(csv_bytes([row(), row(商品货号="P2", SKU编码="P2-1", 售价="九块九")]))

    output = import_products(str(path))

    assert "共 2 行：新建 1，更新 0，未变 0，拒绝 1" in output
    assert "第 3 行 [售价] 不是有效的金额" in output and "（九块九）" in output
    assert ImportJob.objects.get().file_name == "商品.csv"


def test_command_takes_images_and_a_default_shop(mall, tmp_path):
    header = ["商品货号", "商品名称", "类目", "SKU编码", "售价", "库存", "图片"]
    table = tmp_path / "products.csv"
    table.write_bytes(csv_bytes([row(图片="a.png")], header=header))
    images = tmp_path / "images.zip"
    images.write_bytes(zip_bytes({"a.png": image_bytes()}).getvalue())

    output = import_products(str(table), "--images", str(images), "--shop", "shop-a")

    assert "新建 1" in output
    assert Product.objects.get().shop == mall[0]
    assert ProductImage.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.csv"], "找不到文件：nowhere.csv"),
        (["{table}", "--shop", "no-such-shop"], "找不到店铺：no-such-shop"),
        (["{table}", "--images", "nowhere.zip"], "找不到文件：nowhere.zip"),
        (["{empty}"], "文件是空的"),
    ],
)
def test_command_errors_are_plain_messages(mall, tmp_path, args, message):
    (tmp_path / "products.csv").write_bytes(csv_bytes([row()]))
    (tmp_path / "empty.csv").write_bytes(b"")
    paths = {"table": tmp_path / "products.csv", "empty": tmp_path / "empty.csv"}

    with pytest.raises(CommandError, match=message):
        import_products(*(arg.format(**paths) for arg in args))
