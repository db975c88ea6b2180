import csv
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from mall.catalog.cache import catalog_generation
from mall.catalog.models import Brand, ImportJob, Product, ProductImage, Sku
from mall.catalog.tests.factories import ProductFactory, category_path
from mall.catalog.tests.import_helpers import (
    csv_bytes,
    image_bytes,
    mall_setup,
    row,
    run,
    xlsx_bytes,
    zip_bytes,
)
from mall.core.images import thumbnail_name
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "products-sample.csv"


@pytest.fixture
def mall():
    return mall_setup()


def two_sizes(**cells) -> list[dict[str, str]]:
    return [
        row(规格="颜色:红色;尺码:M", 参数="产地:上海;面料:纯棉", **cells),
        row(规格="颜色:蓝色;尺码:L", SKU编码="P1-2", 售价="69", 库存="5"),
    ]


def rejections(job: ImportJob) -> list[tuple[int, str, str]]:
    return list(job.rejections.values_list("row_number", "column", "reason"))


def test_rows_of_one_merchant_code_become_one_product_with_skus(mall):
    job = run(csv_bytes(two_sizes(详情='<p onclick="x()">好<script>alert(1)</script></p>')))

    assert (job.status, job.total_rows, job.created_rows, job.rejected_rows) == ("done", 2, 2, 0)
    product = Product.objects.get()
    assert (product.shop, product.category) == mall
    assert (product.merchant_code, product.status) == ("P1", Product.Status.DRAFT)
    assert (product.price_min, product.price_max, product.stock_total) == (5990, 6900, 15)
    assert list(product.specs.values_list("name", "values")) == [
        ("颜色", ["红色", "蓝色"]), ("尺码", ["M", "L"]),
    ]  # fmt: skip
    assert set(product.spec_values.values_list("value", flat=True)) == {"红色", "蓝色", "M", "L"}
    assert list(product.params.values_list("name", "value")) == [("产地", "上海"), ("面料", "纯棉")]
    assert "好" in product.description and "script" not in product.description
    assert "onclick" not in product.description
    assert list(product.skus.values_list("merchant_code", "spec_values", "price")) == [
        ("P1-1", ["红色", "M"], 5990), ("P1-2", ["蓝色", "L"], 6900),
    ]  # fmt: skip


def test_xlsx_with_numeric_cells_imports_exact_prices(mall):
    header = ["店铺", "商品货号", "商品名称", "类目", "SKU编码", "售价", "划线价", "库存", "条形码"]
    data = xlsx_bytes(
        [header, ["shop-a", "P1", "T恤", "T恤", "P1-1", 59.9, 0.1 + 0.2, 12.0, 6901234567892]]
    )
    job = run(data, "商品.xlsx")

    assert rejections(job) == [(2, "划线价", "划线价不能低于售价")]
    run(
        xlsx_bytes([header, ["shop-a", "P1", "T恤", "T恤", "P1-1", 59.9, 79, 12.0, 69012]]),
        "a.xlsx",
    )
    sku = Sku.objects.get()
    assert (sku.price, sku.market_price, sku.stock, sku.barcode) == (5990, 7900, 12, "69012")


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gb18030", "\t"), ("utf-16", "\t")],
)
def test_csv_encodings_chinese_excel_saves(mall, encoding, delimiter):
    job = run(csv_bytes(two_sizes(), encoding=encoding, delimiter=delimiter))

    assert (job.status, job.created_rows) == ("done", 2)
    assert Product.objects.get().name == "纯棉T恤"


def test_importing_the_same_file_twice_changes_nothing(mall, django_capture_on_commit_callbacks):
    data = csv_bytes(two_sizes(状态="在售"))
    with django_capture_on_commit_callbacks(execute=True):
        run(data)
    product = Product.objects.get()
    generation = catalog_generation()

    with django_capture_on_commit_callbacks(execute=True):
        again = run(data)

    assert (again.created_rows, again.updated_rows, again.unchanged_rows) == (0, 0, 2)
    assert (Product.objects.count(), Sku.objects.count()) == (1, 2)
    assert Product.objects.get().updated_at == product.updated_at
    assert catalog_generation() == generation


def test_a_changed_price_or_stock_updates_the_sku(mall, django_capture_on_commit_callbacks):
    run(csv_bytes(two_sizes()))
    generation = catalog_generation()
    changed = two_sizes()
    changed[1] |= {"售价": "49.50", "库存": "7"}

    with django_capture_on_commit_callbacks(execute=True):
        job = run(csv_bytes(changed))

    assert (job.created_rows, job.updated_rows, job.unchanged_rows) == (0, 1, 1)
    assert Sku.objects.get(merchant_code="P1-2").price == 4950
    product = Product.objects.get()
    assert (product.price_min, product.price_max, product.stock_total) == (4950, 5990, 17)
    assert catalog_generation() > generation


def test_a_new_sku_row_joins_the_existing_product(mall):
    run(csv_bytes(two_sizes()))
    job = run(csv_bytes([row(规格="颜色:红色;尺码:L", SKU编码="P1-3", 售价="79")]))

    assert (job.created_rows, Product.objects.count()) == (1, 1)
    assert Product.objects.get().specs.get(name="尺码").values == ["M", "L"]
    assert Product.objects.get().price_max == 7900


def test_blank_cells_leave_an_existing_product_as_it_is(mall):
    run(csv_bytes([row(品牌="回力", 卖点="百搭", 状态="在售", 划线价="99", 参数="产地:上海")]))

    job = run(csv_bytes([row(商品名称="", 类目="")]))

    assert job.unchanged_rows == 1
    product = Product.objects.get()
    assert (product.name, product.brand.name, product.subtitle) == ("纯棉T恤", "回力", "百搭")
    assert (product.status, product.market_price) == (Product.Status.ON_SALE, 9900)
    assert product.params.get().value == "上海"


def test_bad_rows_are_reported_and_good_rows_kept(mall):
    rows = [
        row(商品货号="OK1", SKU编码="OK1-1"),
        row(商品货号="B1", SKU编码="B1-1", 店铺="no-such-shop"),
        row(商品货号="B2", SKU编码="B2-1", 类目="不存在/的/类目"),
        row(商品货号="B3", SKU编码="B3-1", 售价="abc"),
        row(商品货号="B4", SKU编码="B4-1", 库存="-3"),
        row(商品货号="B5", SKU编码="OK1-1"),
        row(商品货号="B6", SKU编码="B6-1", 图片="a.jpg"),
        row(商品货号="B7", SKU编码="B7-1", 售价="59.999"),
        row(商品货号="OK2", SKU编码="OK2-1", 规格="颜色:红色"),
        row(商品货号="OK2", SKU编码="OK2-2", 规格="尺码:L"),
        row(商品货号="OK2", SKU编码="OK2-3", 规格="颜色:红色"),
        row(商品货号="B8", SKU编码="B8-1", 状态="热卖"),
        row(商品货号="B9", SKU编码="B9-1", 商品名称=""),
    ]
    job = run(csv_bytes(rows))

    assert (job.status, job.total_rows, job.processed_rows) == ("done", 13, 13)
    assert (job.created_rows, job.rejected_rows) == (2, 11)
    assert set(Product.objects.values_list("merchant_code", flat=True)) == {"OK1", "OK2"}
    report = {number: (column, reason) for number, column, reason in rejections(job)}
    assert report[3] == ("店铺", "找不到店铺“no-such-shop”")
    assert report[4] == ("类目", "找不到类目“不存在/的/类目”")
    assert report[5][0] == "售价" and "不是有效的金额" in report[5][1]
    assert report[6] == ("库存", "不能为负数")
    assert report[7] == ("SKU编码", "SKU 编码在文件里重复（第 2 行已有）")
    assert report[8][0] == "图片" and "a.jpg" in report[8][1]
    assert report[9][0] == "售价"
    assert report[11][0] == "规格" and "规格名与第 10 行不一致" in report[11][1]
    assert report[12] == ("规格", "与第 10 行的规格组合相同")
    assert report[13][0] == "状态" and "在售" in report[13][1]
    assert report[14] == ("商品名称", "不能为空")


def test_rows_of_one_product_must_agree_on_product_columns(mall):
    rows = [row(), row(SKU编码="P1-2", 规格="", 商品名称="另一个名字")]
    rows[0]["规格"] = "颜色:红色"
    rows[1]["规格"] = "颜色:蓝色"
    job = run(csv_bytes(rows))

    assert rejections(job) == [
        (3, "商品名称", "与第 2 行不一致：同一商品货号的各行，商品信息须相同")
    ]
    assert Product.objects.get().name == "纯棉T恤"


def test_a_sku_code_stays_with_its_product(mall):
    ProductFactory(shop=mall[0], merchant_code="OTHER").skus.update(merchant_code="P1-1")
    job = run(csv_bytes([row()]))

    assert rejections(job) == [(2, "SKU编码", "这个 SKU 编码已属于本店另一个商品")]


def test_categories_by_path_leaf_slug_or_unique_name(mall):
    shirts = mall[1]
    category_path("家居", "文具", "钢笔")
    category_path("数码", "配件", "钢笔")
    rows = [
        row(商品货号="A", SKU编码="A1", 类目="服装 / 男装 / T恤"),
        row(商品货号="B", SKU编码="B1", 类目=shirts.slug),
        row(商品货号="C", SKU编码="C1", 类目="t恤"),
        row(商品货号="D", SKU编码="D1", 类目="钢笔"),
        row(商品货号="E", SKU编码="E1", 类目="服装/男装"),
    ]
    job = run(csv_bytes(rows))

    assert job.created_rows == 3
    assert set(Product.objects.values_list("category", flat=True)) == {shirts.pk}
    assert [reason for _n, _c, reason in rejections(job)] == [
        "有多个叫“钢笔”的类目，请写完整路径，如 一级/二级/三级",
        "“服装/男装”下面还有类目，请填写末级类目",
    ]


def test_unknown_brands_are_created_once(mall):
    rows = [row(品牌="回力"), row(商品货号="P2", SKU编码="P2-1", 品牌="回力")]
    run(csv_bytes(rows))

    brand = Brand.objects.get()
    assert (brand.name, brand.slug, brand.initial) == ("回力", "hui-li", "H")
    assert Product.objects.filter(brand=brand).count() == 2


def test_a_rejected_product_leaves_no_new_brand_behind(mall):
    job = run(csv_bytes([row(品牌="新牌子", 图片="missing.png")]))

    assert job.rejected_rows == 1
    assert not Brand.objects.exists()


def test_status_column_puts_products_on_sale(mall):
    run(csv_bytes([row(状态="在售")]))

    product = Product.objects.get()
    assert product.status == Product.Status.ON_SALE and product.published_at
    assert list(Product.objects.visible()) == [product]


def test_default_shop_fills_a_missing_shop_column(mall):
    header = ["商品货号", "商品名称", "类目", "SKU编码", "售价", "库存"]
    job = run(csv_bytes([row()], header=header), shop=mall[0])

    assert (job.created_rows, Product.objects.get().shop) == (1, mall[0])


def test_english_headers_and_unknown_columns(mall):
    header = ["shop", "product_code", "name", "category", "sku_code", "price", "stock", "备注"]
    data = "\n".join([",".join(header), "shop-a,P1,T恤,T恤,P1-1,59.90,3,随便写"]).encode()
    job = run(data)

    assert (job.status, job.created_rows) == ("done", 1)
    assert job.message == "已忽略无法识别的列：备注"


def test_zip_images_become_gallery_with_thumbnails(mall):
    images = {"photos/红色.png": image_bytes("red"), "blue.jpg": image_bytes("blue", fmt="JPEG")}
    rows = [
        row(规格="颜色:红色", 图片="红色.png; blue.jpg"),
        row(规格="颜色:蓝色", SKU编码="P1-2", 图片="BLUE.JPG"),
    ]
    job = run(csv_bytes(rows), images=zip_bytes(images))

    assert (job.created_rows, job.rejected_rows) == (2, 0)
    product = Product.objects.get()
    gallery = list(product.images.all())
    assert [image.source_name for image in gallery] == ["红色.png", "blue.jpg"]
    assert product.cover == gallery[0].image.name
    for width in (240, 480, 960):
        assert default_storage.exists(thumbnail_name(gallery[0].image.name, width, "webp"))
        assert default_storage.exists(thumbnail_name(gallery[0].image.name, width, "jpg"))
    assert [sku.image for sku in product.skus.all()] == [
        gallery[0].image.name,
        gallery[1].image.name,
    ]

    again = run(csv_bytes(rows), images=zip_bytes(images))
    assert (again.unchanged_rows, ProductImage.objects.count()) == (2, 2)
    without_zip = run(csv_bytes(rows))
    assert without_zip.unchanged_rows == 2


def test_missing_and_corrupt_images_reject_their_rows(mall):
    images = {"good.png": image_bytes(), "bad.jpg": b"not an image at all"}
    rows = [
        row(图片="good.png"),
        row(商品货号="P2", SKU编码="P2-1", 图片="bad.jpg"),
        row(商品货号="P3", SKU编码="P3-1", 图片="nowhere.png"),
    ]
    job = run(csv_bytes(rows), images=zip_bytes(images))

    assert job.created_rows == 1
    assert rejections(job) == [
        (3, "图片", "“bad.jpg”：无法识别的图片文件"),
        (4, "图片", "压缩包里没有图片“nowhere.png”"),
    ]


def test_zip_with_a_path_outside_the_folder_is_refused(mall):
    job = run(csv_bytes([row()]), images=zip_bytes({"../../etc/evil.png": image_bytes()}))

    assert job.status == ImportJob.Status.FAILED
    assert "不安全的路径" in job.message
    assert not Product.objects.exists()


def test_zip_bomb_is_refused(mall):
    job = run(csv_bytes([row()]), images=zip_bytes({"big.png": bytes(8 * 1024 * 1024)}))

    assert job.status == ImportJob.Status.FAILED
    assert "压缩炸弹" in job.message


def test_gbk_file_names_inside_a_windows_zip_are_found(mall):
    """Zips made on Chinese Windows store names in GBK without the UTF-8 flag."""
    gbk_name = "红色.png".encode("gbk")
    placeholder = b"X" * (len(gbk_name) - 4) + b".png"
    archive = zip_bytes({placeholder.decode(): image_bytes()}).getvalue()
    windows_zip = io.BytesIO(archive.replace(placeholder, gbk_name))

    job = run(csv_bytes([row(图片="红色.png")]), images=windows_zip)

    assert (job.created_rows, job.rejected_rows) == (1, 0)
    assert ProductImage.objects.get().source_name == "红色.png"


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("products.csv", b"", "文件是空的"),
        ("products.csv", b"\n\n", "文件是空的"),
        ("products.txt", b"a,b", "只支持 CSV 和 XLSX 文件"),
        ("products.xls", b"\xd0\xcf\x11\xe0" + bytes(100), "只支持 CSV 和 XLSX 文件"),
        ("products.csv", b"\xd0\xcf\x11\xe0" + bytes(100), "不支持旧版 .xls 文件"),
        ("products.csv", b"PK\x03\x04" + bytes(100), "请把扩展名改为 .xlsx"),
        ("products.xlsx", b"PK\x03\x04 not really", "无法读取这个 XLSX 文件"),
        ("products.xlsx", b"just text", "无法读取这个 XLSX 文件"),
        ("products.csv", bytes(range(256)) * 4, "无法识别文件编码"),
        ("products.csv", "商品货号,商品名称\nP1,T恤".encode(), "缺少必填列：店铺、类目、SKU编码"),
        ("products.csv", "商品货号,货号\nP1,P1".encode(), "列“商品货号”出现了两次"),
        ("products.csv", ",".join(["店铺", "商品货号", "商品名称", "类目", "SKU编码", "售价",
                                   "库存"]).encode(), "只有表头"),
    ],
)  # fmt: skip
def test_malformed_files_fail_with_a_clear_message(mall, file_name, data, message):
    job = run(data, file_name)

    assert job.status == ImportJob.Status.FAILED
    assert message in job.message
    assert not Product.objects.exists()


def test_not_a_zip_fails_the_job(mall):
    job = run(csv_bytes([row()]), images=io.BytesIO(b"this is no zip"))

    assert (job.status, job.message) == ("failed", "图片压缩包不是有效的 zip 文件")


def test_the_sample_file_imports_cleanly():
    records = list(csv.DictReader(SAMPLE.read_text(encoding="utf-8-sig").splitlines()))
    for name in {r["店铺"] for r in records}:
        ShopFactory(name=name)
    for path in {r["类目"] for r in records}:
        category_path(*path.split("/"))

    job = run(SAMPLE.read_bytes(), SAMPLE.name)

    assert (job.status, job.total_rows, job.rejected_rows) == ("done", 20, 0), rejections(job)
    assert (job.created_rows, Product.objects.count(), Sku.objects.count()) == (20, 9, 20)
    shoes = Product.objects.get(merchant_code="HL-FBX")
    assert shoes.specs.get(name="尺码").values == ["38", "39", "40"]
    assert (shoes.price_min, shoes.market_price, shoes.status) == (8900, 12900, "on_sale")
    assert run(SAMPLE.read_bytes(), SAMPLE.name).unchanged_rows == 20


def test_lookups_are_cached_per_job(mall, django_assert_max_num_queries):
    """Shops, categories and brands are read once per job, not once per row."""
    rows = [
        row(商品货号=f"P{n}", SKU编码=f"P{n}-1", 品牌="回力", 规格="颜色:红色", 参数="产地:上海")
        for n in range(60)
    ]
    run(csv_bytes(rows[:1]))
    with django_assert_max_num_queries(60 * 14 + 20):
        job = run(csv_bytes(rows))

    assert job.created_rows == 59
