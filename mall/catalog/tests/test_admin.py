import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mall.catalog import services
from mall.catalog.cache import catalog_generation
from mall.catalog.models import Category, ImportJob, Product, ProductImage, Sku
from mall.catalog.tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductFactory,
    category_path,
)
from mall.catalog.tests.import_helpers import csv_bytes, image_bytes, mall_setup, row, zip_bytes
from mall.celery import app as celery_app
from mall.core.images import thumbnail_name
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def changelist(model: str) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_changelist")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    "model", ["catalog.category", "catalog.brand", "catalog.product", "catalog.importjob"],
)  # fmt: skip
def test_changelists_and_add_pages_render(admin_client, model):
    ProductFactory()
    assert admin_client.get(changelist(model)).status_code == 200
    if model != "catalog.importjob":
        assert admin_client.get(reverse(f"admin:{model.replace('.', '_')}_add")).status_code == 200


def test_product_change_page_renders_with_its_inlines(admin_client):
    product = ProductFactory(skus=[(["红色"], 9900, 3)], skus__spec_names=["颜色"])

    page = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk]))

    assert page.status_code == 200
    assert "99.00" in page.content.decode()  # SKU price shown in yuan
    assert "红色" in page.content.decode()


def test_category_tree_is_shown_in_order_and_indented(admin_client):
    clothes = category_path("服装", "男装", "T恤")
    CategoryFactory(name="数码", position=1)
    CategoryFactory(name="女装", parent=clothes.parent.parent, level=2, position=1)

    page = admin_client.get(changelist("catalog.category")).content.decode()

    names = re.findall(r"└? ?\s*(服装|男装|T恤|女装|数码)</span>", page)
    assert names == ["服装", "男装", "T恤", "女装", "数码"]
    assert 'padding-left:4em">└' in page


def test_positions_are_edited_in_the_tree_list(admin_client):
    first, second = CategoryFactory(name="甲", position=0), CategoryFactory(name="乙", position=1)
    data = {"form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 2, "_save": "保存"}
    for i, (category, position) in enumerate([(first, 5), (second, 1)]):
        data |= {f"form-{i}-id": category.pk, f"form-{i}-position": position,
                 f"form-{i}-is_active": "on"}  # fmt: skip

    response = admin_client.post(changelist("catalog.category"), data, follow=True)

    page = response.content.decode()
    assert page.index("乙</span>") < page.index("甲</span>")
    assert Category.objects.get(pk=first.pk).position == 5


def category_form(**data) -> dict:
    return {"name": "新类目", "slug": "", "icon": "", "position": 0, "is_active": "on"} | data


def test_a_fourth_level_is_refused_with_a_clear_message(admin_client):
    leaf = category_path("服装", "男装", "T恤")

    response = admin_client.post(
        reverse("admin:catalog_category_add"), category_form(parent=leaf.pk)
    )

    assert response.status_code == 200
    assert "类目最多三级" in response.content.decode()
    assert not Category.objects.filter(name="新类目").exists()


def test_level_follows_the_parent_and_moving_keeps_three_levels(admin_client):
    top, other_top = CategoryFactory(name="服装"), CategoryFactory(name="家居")
    response = admin_client.post(
        reverse("admin:catalog_category_add"), category_form(parent=top.pk)
    )
    child = Category.objects.get(name="新类目")
    assert response.status_code == 302 and (child.level, child.slug) == (2, "xin-lei-mu")

    CategoryFactory(name="孙", parent=child, level=3)
    moved = admin_client.post(
        reverse("admin:catalog_category_change", args=[top.pk]),
        category_form(name="服装", slug=top.slug, parent=other_top.pk),
    )
    assert "类目最多三级" in moved.content.decode()
    cycle = admin_client.post(
        reverse("admin:catalog_category_change", args=[top.pk]),
        category_form(name="服装", slug=top.slug, parent=child.pk),
    )
    assert "上级类目不能是自己或自己的下级类目" in cycle.content.decode()
    top.refresh_from_db()
    assert (top.parent, top.level) == (None, 1)


def test_moving_a_category_relevels_its_subtree():
    top, other_top = CategoryFactory(name="服装"), CategoryFactory(name="家居")
    middle = CategoryFactory(name="男装", parent=top, level=2)
    middle.parent = other_top
    services.save_category(middle)
    middle.parent = None
    leaf = CategoryFactory(name="T恤", parent=middle, level=3)

    services.save_category(middle)

    leaf.refresh_from_db()
    assert (Category.objects.get(pk=middle.pk).level, leaf.level) == (1, 2)


def product_form(product: Product | None = None, **data) -> dict:
    """The add/change form of a product with one SKU inline and empty other inlines."""
    form = {
        "shop": product.shop_id if product else "", "category": "", "brand": "", "name": "新品",
        "subtitle": "", "merchant_code": "", "keywords": "", "description": "",
    }  # fmt: skip
    for prefix in ("specs", "skus", "params", "images"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return form | data


def sku_rows(*rows: dict) -> dict:
    data = {"skus-TOTAL_FORMS": len(rows)}
    for i, sku in enumerate(rows):
        base = {"spec_values": "", "market_price": "", "stock": 0, "weight_grams": 0,
                "barcode": "", "merchant_code": "", "position": i, "is_active": "on"}  # fmt: skip
        data |= {f"skus-{i}-{k}": v for k, v in (base | sku).items()}
    return data


def test_saving_skus_in_the_admin_refreshes_the_summary(
    admin_client, django_capture_on_commit_callbacks
):
    shop, leaf = ShopFactory(), category_path("服装", "男装", "T恤")
    data = product_form(shop=shop.pk, category=leaf.pk, description="<p>好<script>x</script></p>")
    data |= {"specs-TOTAL_FORMS": 1, "specs-0-name": "颜色", "specs-0-values": "红色、蓝色",
             "specs-0-position": 0}  # fmt: skip
    data |= sku_rows(
        {"spec_values": "红色", "price": "59.90", "stock": 3, "merchant_code": "A1"},
        {"spec_values": "蓝色", "price": "69", "market_price": "99", "stock": 4},
    )
    generation = catalog_generation()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:catalog_product_add"), data)

    assert response.status_code == 302, response.context["errors"]
    product = Product.objects.get()
    assert (product.price_min, product.price_max, product.stock_total) == (5990, 6900, 7)
    assert (product.market_price, product.status) == (9900, Product.Status.DRAFT)
    assert set(product.spec_values.values_list("value", flat=True)) == {"红色", "蓝色"}
    assert product.skus.get(merchant_code="A1").shop == shop
    assert "script" not in product.description
    assert catalog_generation() > generation


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ([("颜色", "红色"), ("颜色", "蓝色")], "重复"),
        ([("颜色", "红" * 33)], "每个值最多 32 个字"),
    ],
)
def test_bad_specs_are_refused_on_the_form(admin_client, specs, message):
    product = ProductFactory()
    data = image_form(product, "") | {"images-TOTAL_FORMS": 0, "specs-TOTAL_FORMS": len(specs)}
    for i, (name, values) in enumerate(specs):
        data |= {f"specs-{i}-name": name, f"specs-{i}-values": values, f"specs-{i}-position": i}

    response = admin_client.post(reverse("admin:catalog_product_change", args=[product.pk]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not product.specs.exists()


@pytest.mark.parametrize(
    ("sku", "message"),
    [
        ({"price": "5.999"}, "不是有效的金额"),
        ({"price": "-1"}, "金额不能为负数"),
        ({"price": "1", "stock": -1}, "确保该值大于或等于0"),
        ({"price": "1", "merchant_code": "TAKEN"}, "本店已有商品使用这个 SKU 编码"),
    ],
)
def test_bad_sku_input_is_refused_on_the_form(admin_client, sku, message):
    other = ProductFactory()
    other.skus.update(merchant_code="TAKEN")
    data = product_form(other, category=other.category_id) | sku_rows(sku)

    response = admin_client.post(reverse("admin:catalog_product_add"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Product.objects.count() == 1


def image_form(product: Product, upload) -> dict:
    data = product_form(product, category=product.category_id, name=product.name)
    data |= {"skus-INITIAL_FORMS": 1, "skus-TOTAL_FORMS": 1}
    sku = product.skus.get()
    data |= {f"skus-0-{k}": v for k, v in {
        "id": sku.pk, "product": product.pk, "spec_values": "", "price": "99.00",
        "market_price": "198.00", "stock": sku.stock, "weight_grams": 0, "barcode": "",
        "merchant_code": "", "position": 0, "is_active": "on",
    }.items()}  # fmt: skip
    data |= {"images-TOTAL_FORMS": 1, "images-0-image": upload, "images-0-alt": "",
             "images-0-position": 0, "images-0-sku": ""}  # fmt: skip
    return data


def test_an_image_uploaded_in_the_admin_gets_thumbnails_and_becomes_the_cover(admin_client):
    product = ProductFactory()
    upload = SimpleUploadedFile("photo.png", image_bytes(size=(1200, 900)), "image/png")

    response = admin_client.post(
        reverse("admin:catalog_product_change", args=[product.pk]), image_form(product, upload)
    )

    assert response.status_code == 302
    image = ProductImage.objects.get()
    assert default_storage.exists(thumbnail_name(image.image.name, 480, "webp"))
    assert default_storage.exists(thumbnail_name(image.image.name, 960, "jpg"))
    product.refresh_from_db()
    assert product.cover == image.image.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("bad.png", b"\x89PNG not really", "image/png"), "图片"),
        (
            SimpleUploadedFile("big.png", image_bytes(size=(9000, 6000)), "image/png"),
            "图片尺寸过大",
        ),
    ],
)
def test_corrupt_or_oversized_images_are_refused(admin_client, upload, message):
    product = ProductFactory()

    response = admin_client.post(
        reverse("admin:catalog_product_change", args=[product.pk]), image_form(product, upload)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProductImage.objects.exists()


def test_images_over_the_byte_limit_are_refused(admin_client, monkeypatch):
    monkeypatch.setattr(services, "MAX_IMAGE_BYTES", 1000)
    product = ProductFactory()
    upload = SimpleUploadedFile("photo.png", image_bytes(size=(800, 800)), "image/png")

    response = admin_client.post(
        reverse("admin:catalog_product_change", args=[product.pk]), image_form(product, upload)
    )

    assert "图片不能超过 10 MB" in response.content.decode()


def act(client, action: str, *products: Product):
    return client.post(
        changelist("catalog.product"),
        {"action": action, "_selected_action": [p.pk for p in products]},
        follow=True,
    )


def test_status_actions_go_through_the_review_flow(admin_client):
    draft = ProductFactory(status=Product.Status.DRAFT, name="草稿商品")
    on_sale = ProductFactory(name="在售商品")

    response = act(admin_client, "approve", draft, on_sale)

    assert any("只能审核“待审核”的商品" in m for m in messages_of(response))
    assert Product.objects.get(pk=draft.pk).status == Product.Status.DRAFT

    assert "已提交审核 1 个商品" in messages_of(act(admin_client, "submit_for_review", draft))
    assert "已上架 1 个商品" in messages_of(act(admin_client, "approve", draft))
    assert Product.objects.get(pk=draft.pk).status == Product.Status.ON_SALE
    assert "已下架 2 个商品" in messages_of(act(admin_client, "take_off_shelf", draft, on_sale))
    assert set(Product.objects.values_list("status", flat=True)) == {Product.Status.OFF_SHELF}


def test_a_product_without_skus_cannot_be_approved(admin_client):
    product = ProductFactory(status=Product.Status.PENDING)
    product.skus.all().delete()

    response = act(admin_client, "approve", product)

    assert any("没有可售 SKU 的商品不能上架" in m for m in messages_of(response))


EMPTY_SHOP_INLINES = {f"{inline}-{count}": 0 for inline in ("members", "events")
                      for count in ("TOTAL_FORMS", "INITIAL_FORMS")}  # fmt: skip


def test_renaming_a_shop_in_the_admin_invalidates_the_catalog(
    admin_client, django_capture_on_commit_callbacks
):
    shop = ShopFactory()
    generation = catalog_generation()
    data = {"name": "改名后的店铺", "slug": shop.slug, "intro": "", "location": "", "rating": 48,
            **EMPTY_SHOP_INLINES}  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:merchants_shop_change", args=[shop.pk]), data)

    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.name == "改名后的店铺"
    assert catalog_generation() > generation


def test_a_corrupt_shop_logo_is_refused(admin_client):
    shop = ShopFactory()
    data = {"name": shop.name, "slug": shop.slug, "intro": "", "location": "", "rating": 48,
            "logo": SimpleUploadedFile("logo.png", b"garbage", "image/png"),
            **EMPTY_SHOP_INLINES}  # fmt: skip

    response = admin_client.post(reverse("admin:merchants_shop_change", args=[shop.pk]), data)

    assert response.status_code == 200
    shop.refresh_from_db()
    assert not shop.logo


def test_brand_slug_and_initial_come_from_pinyin(admin_client):
    response = admin_client.post(reverse("admin:catalog_brand_add"), {"name": "李宁", "slug": ""})

    assert response.status_code == 302
    brand = BrandFactory._meta.model.objects.get(name="李宁")
    assert (brand.slug, brand.initial) == ("li-ning", "L")


def test_product_changelist_links_to_the_import_page(admin_client):
    page = admin_client.get(changelist("catalog.product")).content.decode()

    assert reverse("admin:catalog_product_import") in page and "导入商品" in page


def test_import_end_to_end(admin_client, eager_celery, django_capture_on_commit_callbacks):
    mall_setup()
    rows = [row(图片="a.png"), row(商品货号="P2", SKU编码="P2-1", 库存="-1")]
    upload = SimpleUploadedFile("商品.csv", csv_bytes(rows), "text/csv")
    images = SimpleUploadedFile("图片.zip", zip_bytes({"a.png": image_bytes()}).getvalue())
    assert admin_client.get(reverse("admin:catalog_product_import")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:catalog_product_import"), {"file": upload, "images": images}
        )

    job = ImportJob.objects.get()
    assert response.url == reverse("admin:catalog_product_import_progress", args=[job.pk])
    page = admin_client.get(response.url).content.decode()
    assert "已完成" in page and "hx-trigger" not in page
    assert 'class="import-created">1<' in page and 'class="import-rejected">1<' in page
    assert "不能为负数" in page
    assert Sku.objects.get().merchant_code == "P1-1"
    assert ProductImage.objects.count() == 1

    report = admin_client.get(reverse("admin:catalog_product_import_report", args=[job.pk]))
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    text = report.content.decode("utf-8")
    assert text.startswith("\ufeff行号,列,内容,原因")
    assert "3,库存,-1,不能为负数" in text


def test_progress_page_polls_until_the_job_is_finished(admin_client):
    job = ImportJob.objects.create(file_name="a.csv", total_rows=10, processed_rows=4)
    url = reverse("admin:catalog_product_import_progress", args=[job.pk])

    page = admin_client.get(url).content.decode()
    partial = admin_client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in page and "vendor/htmx" in page
    assert partial.lstrip().startswith('<div id="import-progress"')
    assert "<html" not in partial and "4 / 10" in partial


def test_a_failed_job_shows_its_message(
    admin_client, eager_celery, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("商品.csv", "商品货号\nP1".encode("gbk"), "text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:catalog_product_import"), {"file": upload})

    page = admin_client.get(response.url).content.decode()
    assert "失败" in page and "缺少必填列" in page


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("file", SimpleUploadedFile("商品.pdf", b"%PDF"), "只支持 CSV 和 XLSX 文件"),
        ("images", SimpleUploadedFile("图片.zip", b"not a zip"), "图片压缩包须是 zip 文件"),
    ],
)
def test_import_form_refuses_wrong_file_types(admin_client, field, upload, message):
    data = {"file": SimpleUploadedFile("商品.csv", csv_bytes([row()]))} | {field: upload}

    response = admin_client.post(reverse("admin:catalog_product_import"), data)

    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_import_pages_need_permission(client, django_user_model):
    staff = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    client.force_login(staff)
    job = ImportJob.objects.create(file_name="a.csv")

    assert client.get(reverse("admin:catalog_product_import")).status_code == 403
    assert (
        client.get(reverse("admin:catalog_product_import_report", args=[job.pk])).status_code == 403
    )


def test_the_template_has_every_header_and_a_bom(admin_client):
    response = admin_client.get(reverse("admin:catalog_product_import_template"))

    assert response.content.decode("utf-8").startswith("\ufeff店铺,商品货号,商品名称,类目")
