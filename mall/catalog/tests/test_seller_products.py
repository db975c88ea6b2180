"""The seller's product list and editor: happy paths, bad input, isolation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from mall.catalog import services
from mall.catalog.models import Product, ProductReview, Sku
from mall.catalog.seller_forms import combo_prefix
from mall.catalog.tests.factories import ProductFactory, category_path
from mall.catalog.tests.import_helpers import image_bytes
from mall.catalog.tests.seller_helpers import Role, product_data, seller_client
from mall.inventory.models import StockMovement
from mall.merchants.permissions import Perm
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db
Status = Product.Status
LIST = reverse("seller_products:list")
CREATE = reverse("seller_products:create")


def edit_url(product) -> str:
    return reverse("seller_products:edit", args=[product.pk])


@pytest.fixture
def shop():
    return ShopFactory()


@pytest.fixture
def leaf():
    return category_path("服装", "男装", "T恤")


@pytest.fixture
def owner(shop):
    return seller_client(shop)


def test_create_a_product_with_two_specs_makes_a_draft_with_every_combination(owner, shop, leaf):
    data = product_data(leaf, sku_values={("蓝色", "L"): {"price": "69.00", "stock": "3"}})
    response = owner.post(CREATE, data)
    product = Product.objects.get(shop=shop)
    assert response.status_code == 302 and response.url == edit_url(product)
    assert product.status == Status.DRAFT
    assert (product.price_min, product.price_max, product.stock_total) == (5990, 6900, 33)
    combos = sorted(tuple(sku.spec_values) for sku in product.skus.all())
    assert combos == [("红色", "L"), ("红色", "M"), ("蓝色", "L"), ("蓝色", "M")]
    assert list(product.params.values_list("name", "value")) == [("产地", "上海")]
    starting = StockMovement.objects.filter(sku__product=product, reason="initial")
    assert sorted(starting.values_list("delta", flat=True)) == [3, 10, 10, 10]


def test_the_editor_renders_for_a_new_and_an_existing_product(owner, shop, leaf):
    assert owner.get(CREATE).status_code == 200
    owner.post(CREATE, product_data(leaf))
    page = owner.get(edit_url(Product.objects.get()))
    assert page.status_code == 200
    assert "红色 / M" in page.content.decode()


def test_a_spec_edit_shows_the_new_combinations_before_saving(owner, shop, leaf):
    owner.post(CREATE, product_data(leaf, specs=[("颜色", "红色")]))
    product = Product.objects.get()
    green = combo_prefix(("绿色",))
    data = product_data(leaf, specs=[("颜色", "红色、绿色")])
    unseen = {key: value for key, value in data.items() if not key.startswith(green)}
    response = owner.post(edit_url(product), unseen)
    assert response.status_code == 400
    assert "请填写新规格组合的价格和库存" in response.content.decode()
    assert f'name="{green}-price"' in response.content.decode()
    assert product.skus.count() == 1
    assert owner.post(edit_url(product), data).status_code == 302
    assert product.skus.count() == 2


def test_the_update_skus_button_only_redraws(owner, leaf):
    data = product_data(leaf) | {"action": "specs"}
    response = owner.post(CREATE, data)
    assert response.status_code == 200
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "这个字段是必填项"),
        ({"category": "999999"}, "选择一个有效的选项"),
        ({"sku_values": {("红色", "M"): {"price": "-1"}}}, "金额不能为负数"),
        (
            {"sku_values": {("红色", "M"): {"price": "10.00", "market_price": "5.00"}}},
            "划线价不能低于售价",
        ),
        ({"sku_values": {("红色", "M"): {"stock": "-3"}}}, "3"),
        ({"specs": [("颜色", "红色、红色")]}, "“红色”重复了"),
        ({"specs": [("颜色", "红色"), ("颜色", "蓝色")]}, "“颜色”写了两次"),
        (
            {
                "sku_values": {
                    ("红色", "M"): {"merchant_code": "X"},
                    ("红色", "L"): {"merchant_code": "X"},
                }
            },
            "SKU 编码重复",
        ),
    ],
)
def test_bad_input_reshows_the_form_and_writes_nothing(owner, leaf, change, message):
    change = dict(change)
    sku_values = change.pop("sku_values", None)
    data = product_data(leaf, sku_values=sku_values, **change)
    response = owner.post(CREATE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Product.objects.exists() and not Sku.objects.exists()


def test_a_product_needs_a_category_leaf(owner, leaf):
    response = owner.post(CREATE, product_data(leaf, category=str(leaf.parent.pk)))
    assert response.status_code == 400 and not Product.objects.exists()


def test_codes_taken_by_another_product_of_the_shop_are_refused(owner, shop, leaf):
    other = ProductFactory(shop=shop, merchant_code="TS-1")
    Sku.objects.filter(product=other).update(merchant_code="SKU-1")
    response = owner.post(
        CREATE, product_data(leaf, sku_values={("红色", "M"): {"merchant_code": "SKU-1"}})
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "本店已有商品使用这个货号" in body and "本店其他商品已使用这个 SKU 编码" in body
    assert Product.objects.count() == 1


def test_another_shops_codes_are_free(owner, leaf):
    ProductFactory(merchant_code="TS-1")
    assert owner.post(CREATE, product_data(leaf)).status_code == 302


def test_the_description_is_sanitised(owner, leaf):
    owner.post(
        CREATE, product_data(leaf, description='<p onclick="x()">好</p><script>alert(1)</script>')
    )
    description = Product.objects.get().description
    assert "script" not in description and "onclick" not in description and "好" in description


def test_images_are_checked_and_stored_with_the_product(owner, leaf):
    data = product_data(leaf)
    good = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    response = owner.post(CREATE, data | {"img-new_images": [good]})
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.images.count() == 1 and product.cover


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("a.png", b"not an image", content_type="image/png"),
        SimpleUploadedFile("a.txt", b"hello", content_type="text/plain"),
    ],
)
def test_a_bad_image_reshows_the_form(owner, leaf, upload):
    response = owner.post(CREATE, product_data(leaf) | {"img-new_images": [upload]})
    assert response.status_code == 400
    assert "无法识别的图片文件" in response.content.decode()
    assert not Product.objects.exists()


def test_a_sku_image_is_stored_and_named_on_the_sku(owner, leaf):
    upload = SimpleUploadedFile("red.png", image_bytes("red"), content_type="image/png")
    data = product_data(leaf, specs=[("颜色", "红色")]) | {
        f"{combo_prefix(('红色',))}-image": upload
    }
    assert owner.post(CREATE, data).status_code == 302
    sku = Sku.objects.get()
    assert sku.image and sku.images.count() == 1


def test_a_product_without_specs_has_one_default_sku(owner, leaf):
    assert owner.post(CREATE, product_data(leaf, specs=[])).status_code == 302
    assert list(Sku.objects.values_list("spec_values", flat=True)) == [[]]


def test_a_price_edit_of_a_product_on_sale_goes_live(owner, shop, leaf):
    owner.post(CREATE, product_data(leaf))
    product = Product.objects.get()
    Product.objects.filter(pk=product.pk).update(status=Status.ON_SALE)
    data = product_data(leaf, sku_values={("红色", "M"): {"price": "49.00"}})
    assert owner.post(edit_url(product), data).status_code == 302
    product.refresh_from_db()
    assert product.status == Status.ON_SALE and product.price_min == 4900


def test_a_content_edit_of_a_product_on_sale_sends_it_back_to_review(owner, leaf):
    owner.post(CREATE, product_data(leaf))
    product = Product.objects.get()
    Product.objects.filter(pk=product.pk).update(status=Status.ON_SALE)
    response = owner.post(edit_url(product), product_data(leaf, name="新名字"), follow=True)
    product.refresh_from_db()
    assert product.status == Status.PENDING and product.name == "新名字"
    assert "需重新审核" in response.content.decode()
    assert ProductReview.objects.get(product=product).decision == "submitted"


def test_a_content_edit_of_a_product_off_shelf_makes_it_a_draft_again(owner, leaf):
    owner.post(CREATE, product_data(leaf))
    product = Product.objects.get()
    Product.objects.filter(pk=product.pk).update(status=Status.OFF_SHELF)
    owner.post(edit_url(product), product_data(leaf, description="<p>新详情</p>"))
    product.refresh_from_db()
    assert product.status == Status.DRAFT


def test_the_edit_never_overwrites_stock_taken_meanwhile(owner, leaf):
    owner.post(CREATE, product_data(leaf, specs=[]))
    product = Product.objects.get()
    Sku.objects.filter(product=product).update(stock=4)  # a checkout took 6 after the page loaded
    owner.post(edit_url(product), product_data(leaf, specs=[], sku_values={(): {"stock": "10"}}))
    assert Sku.objects.get().stock == 4


def test_dropped_combinations_are_deleted_or_deactivated_when_ordered(owner, leaf):
    owner.post(CREATE, product_data(leaf, specs=[("颜色", "红色、蓝色、绿色")]))
    product = Product.objects.get()
    blue = Sku.objects.get(spec_values=["蓝色"])
    StockMovement.objects.create(sku=blue, delta=-1, reason="order_placed", reference="order:1")
    owner.post(edit_url(product), product_data(leaf, specs=[("颜色", "红色")]))
    assert list(Sku.objects.filter(is_active=True).values_list("spec_values", flat=True)) == [
        ["红色"]
    ]
    assert list(Sku.objects.filter(is_active=False).values_list("spec_values", flat=True)) == [
        ["蓝色"]
    ]
    assert not Sku.objects.filter(spec_values=["绿色"]).exists()


def test_list_tabs_search_and_a_constant_number_of_queries(
    owner, shop, django_assert_max_num_queries
):
    ProductFactory(shop=shop, name="红色卫衣", merchant_code="HOOD-1", status=Status.DRAFT)
    ProductFactory(shop=shop, name="蓝色衬衫", status=Status.ON_SALE)
    ProductFactory(name="别家的卫衣")
    body = owner.get(LIST).content.decode()
    assert "红色卫衣" in body and "蓝色衬衫" in body and "别家的卫衣" not in body
    assert "蓝色衬衫" not in owner.get(LIST, {"status": "draft"}).content.decode()
    assert "红色卫衣" not in owner.get(LIST, {"status": "on_sale"}).content.decode()
    found = owner.get(LIST, {"q": "hood"}).content.decode()
    assert "红色卫衣" in found and "蓝色衬衫" not in found
    assert owner.get(LIST, {"status": "nonsense", "page": "-4"}).status_code == 200
    with django_assert_max_num_queries(8) as few:
        owner.get(LIST)
    ProductFactory.create_batch(15, shop=shop)
    with django_assert_max_num_queries(len(few)):
        owner.get(LIST)


def test_submit_and_shelf_moves_from_the_seller(owner, shop, leaf):
    owner.post(CREATE, product_data(leaf))
    product = Product.objects.get()
    move = lambda name: owner.post(reverse("seller_products:move", args=[product.pk, name]))  # noqa: E731
    assert move("on_shelf").status_code == 302
    assert Product.objects.get().status == Status.DRAFT  # not before the operator approved
    move("submit")
    assert Product.objects.get().status == Status.PENDING
    Product.objects.filter(pk=product.pk).update(status=Status.ON_SALE)
    move("off_shelf")
    assert Product.objects.get().status == Status.OFF_SHELF
    move("on_shelf")
    assert Product.objects.get().status == Status.ON_SALE
    assert (
        owner.post(reverse("seller_products:move", args=[product.pk, "delete"])).status_code == 404
    )


def test_the_rejection_reason_is_shown_to_the_seller(owner, shop):
    product = ProductFactory(shop=shop, status=Status.PENDING)
    services.reject_product(product, reviewer=None, reason="主图有水印，请更换")
    assert "主图有水印，请更换" in owner.get(edit_url(product)).content.decode()


# --- isolation ------------------------------------------------------------------------------


def seller_urls(product) -> list[tuple[str, str]]:
    return [
        ("get", edit_url(product)),
        ("post", edit_url(product)),
        ("get", reverse("seller_products:stock", args=[product.pk])),
        ("post", reverse("seller_products:stock", args=[product.pk])),
        ("post", reverse("seller_products:move", args=[product.pk, "submit"])),
        ("post", reverse("seller_products:move", args=[product.pk, "off_shelf"])),
    ]


def test_another_shops_products_are_404_everywhere(owner):
    theirs = ProductFactory(status=Status.ON_SALE)
    for method, url in seller_urls(theirs):
        assert getattr(owner, method)(url).status_code == 404, url
    assert Product.objects.get(pk=theirs.pk).status == Status.ON_SALE


@pytest.mark.parametrize("role", [Role.SERVICE, Role.SHIPPING])
def test_roles_without_edit_products_get_404(shop, role):
    client = seller_client(shop, role)
    product = ProductFactory(shop=shop)
    for url in (LIST, CREATE, edit_url(product), reverse("seller_products:import")):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("seller_products:move", args=[product.pk, "off_shelf"])).status_code
        == 404
    )
    assert Product.objects.get().status == Status.ON_SALE


def test_operations_may_edit_products_and_prices(shop, leaf):
    client = seller_client(shop, Role.OPERATIONS)
    assert client.post(CREATE, product_data(leaf)).status_code == 302


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(LIST).status_code == 302


def test_the_pages_speak_english(owner, shop, settings):
    ProductFactory(shop=shop, status=Status.REJECTED)
    owner.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("zh-hans"):  # the middleware's English must not outlive the test
        page = owner.get(LIST).content.decode()
        form = owner.get(CREATE).content.decode()
    assert "New product" in page and "Bulk import" in page and "Rejected" in page
    assert "Update SKU list" in form and "Choose a third-level category" in form


def test_without_edit_prices_the_prices_stay_as_they_are(owner, leaf, monkeypatch):
    owner.post(CREATE, product_data(leaf, specs=[]))
    product = Product.objects.get()
    no_prices = lambda member, perm: perm != Perm.EDIT_PRICES  # noqa: E731 (no such role today)
    monkeypatch.setattr("mall.catalog.seller_forms.allows", no_prices)
    data = product_data(leaf, specs=[], sku_values={(): {"price": "1.00"}}, subtitle="改了卖点")
    assert owner.post(edit_url(product), data).status_code == 302
    product.refresh_from_db()
    assert product.price_min == 5990 and product.subtitle == "改了卖点"
    with_new_sku = product_data(leaf, specs=[("颜色", "红色")])
    response = owner.post(edit_url(product), with_new_sku)
    assert "你没有改价权限，不能新增 SKU" in response.content.decode()
