"""Builders for import tests: files in memory (CSV in any encoding, XLSX, zips of images)."""

import csv
import io
import zipfile

from openpyxl import Workbook
from PIL import Image

from mall.catalog.importing.runner import run_import
from mall.catalog.models import ImportJob
from mall.catalog.tests.factories import category_path
from mall.merchants.tests.factories import ShopFactory

HEADER = [
    "店铺", "商品货号", "商品名称", "类目", "品牌", "卖点", "规格", "SKU编码", "售价", "划线价",
    "库存", "重量(克)", "条形码", "图片", "参数", "详情", "状态",
]  # fmt: skip
CATEGORY = "服装/男装/T恤"


def row(**cells: str) -> dict[str, str]:
    """A valid row of one plain SKU, with some cells changed: row(**{"售价": "1.00"})."""
    defaults = {
        "店铺": "shop-a", "商品货号": "P1", "商品名称": "纯棉T恤", "类目": CATEGORY,
        "SKU编码": "P1-1", "售价": "59.90", "库存": "10",
    }  # fmt: skip
    return defaults | cells


def table(rows: list[dict[str, str]], header: list[str] = HEADER) -> list[list[str]]:
    return [header, *([r.get(h, "") for h in header] for r in rows)]


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8-sig", **kwargs) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=kwargs.pop("delimiter", ",")).writerows(table(rows, **kwargs))
    return out.getvalue().encode(encoding)


def xlsx_bytes(records: list[list[object]]) -> bytes:
    workbook = Workbook()
    for record in records:
        workbook.active.append(record)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def image_bytes(color: str = "red", size: tuple[int, int] = (600, 400), fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def mall_setup():
    """The shops and category the default rows name."""
    return ShopFactory(slug="shop-a", name="甲店"), category_path(*CATEGORY.split("/"))


def run(data: bytes, file_name: str = "products.csv", images=None, shop=None) -> ImportJob:
    job = ImportJob.objects.create(file_name=file_name, shop=shop)
    return run_import(job, data, images)
