import pytest

from mall.catalog.models import Category, Product, Sku
from mall.catalog.tests.factories import ProductFactory


@pytest.fixture
def shirt(get, catalog):
    return get(f"/products/{catalog['shirt'].pk}").data


def test_skus_carry_spec_values_money_stock_and_availability(shirt):
    assert [(s["spec_values"], s["price"]["fen"], s["stock"], s["available"])
            for s in shirt["skus"]] == [
        (["红色", "M"], 5900, 5, True),
        (["红色", "L"], 6900, 0, False),
        (["蓝色", "M"], 129900, 3, True),
    ]  # fmt: skip
    assert shirt["skus"][2]["price"]["display"] == "¥1,299.00"
    assert shirt["skus"][2]["market_price"] == {"fen": 259800, "display": "¥2,598.00"}


def test_inactive_skus_are_left_out(get, catalog):
    Sku.objects.filter(product=catalog["shirt"], spec_values=["红色", "L"]).update(is_active=False)

    skus = get(f"/products/{catalog['shirt'].pk}").data["skus"]

    assert [s["spec_values"] for s in skus] == [["红色", "M"], ["蓝色", "M"]]


def test_specs_params_and_stock(shirt):
    assert shirt["specs"] == [
        {"name": "颜色", "values": ["红色", "蓝色"]},
        {"name": "尺码", "values": ["M", "L"]},
    ]
    assert shirt["params"] == [{"name": "面料", "value": "聚酯纤维"}]
    assert (shirt["stock_total"], shirt["is_new"]) == (8, True)


def test_the_gallery_lists_every_image_and_falls_back_to_the_cover(get, catalog, shirt):
    assert len(shirt["images"]) == 2
    assert shirt["images"][0] == shirt["cover"]
    assert get(f"/products/{catalog['plain'].pk}").data["images"] == []


def test_breadcrumbs_shop_card_and_related_products(shirt, catalog):
    assert [c["name"] for c in shirt["breadcrumbs"]] == ["服装", "男装", "T恤"]
    assert shirt["shop"]["rating"] == "4.7"
    assert shirt["shop"]["location"] == "B1-12"
    assert [p["name"] for p in shirt["related"]] == ["纯棉白T"]


def test_the_description_is_sanitised_on_the_way_out(get, db):
    # Written straight to the table, as if it had slipped past the sanitiser on save.
    product = ProductFactory(
        name="<b>粗体</b>商品",
        description='<p onclick="steal()">好物</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">链接</a><img src="x" onerror="alert(1)">',
    )

    data = get(f"/products/{product.pk}").data

    assert data["name"] == "<b>粗体</b>商品"
    assert "<p>好物</p>" in data["description"]
    for unsafe in ("<script", "onclick", "onerror", "javascript:"):
        assert unsafe not in data["description"]


def test_hidden_or_unknown_products_are_a_404_in_chinese(get, catalog):
    Product.objects.filter(pk=catalog["phone"].pk).update(status=Product.Status.DRAFT)
    Category.objects.filter(pk=catalog["tees"].pk).update(is_active=False)

    for product_id in (catalog["phone"].pk, catalog["shirt"].pk, 987654321):
        response = get(f"/products/{product_id}")
        assert response.status_code == 404
        assert response.data == {"detail": "商品不存在或已下架"}


def test_a_detail_takes_the_same_queries_however_many_skus_and_images(
    get, catalog, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    many = [([f"色{n}", size], 1000 + n, n) for n in range(10) for size in ("S", "M", "L")]
    product = ProductFactory(category=catalog["tees"], skus=many, skus__spec_names=["颜色", "尺码"])

    with django_assert_max_num_queries(6):
        response = get(f"/products/{product.pk}")

    assert len(response.data["skus"]) == 30
