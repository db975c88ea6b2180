import pytest

from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.core.images import THUMBNAIL_WIDTHS


def names(response) -> list[str]:
    return [item["name"] for item in response.data["items"]]


def test_an_item_carries_money_as_fen_and_display_text(get, catalog):
    item = next(i for i in get("/products").data["items"] if i["name"] == "李宁速干T恤")

    assert item["price_min"] == {"fen": 5900, "display": "¥59.00"}
    assert item["price_max"] == {"fen": 129900, "display": "¥1,299.00"}
    assert item["market_price"] == {"fen": 259800, "display": "¥2,598.00"}
    assert item["sales_count"] == 30
    assert item["subtitle"] == "轻薄透气"
    assert item["brand"] == {"id": catalog["brand"].pk, "name": "李宁", "slug": "li-ning"}


def test_an_item_links_its_shop_page_and_product_page(get, catalog, settings):
    settings.SITE_URL = "https://mall.example"
    shirt = catalog["shirt"]

    item = next(i for i in get("/products").data["items"] if i["id"] == shirt.pk)

    assert item["url"] == f"https://mall.example/product/{shirt.pk}/"
    assert item["shop"] == {
        "id": catalog["shop"].pk,
        "name": "李宁运动馆",
        "slug": "lining-store",
        "url": "https://mall.example/shop/lining-store/",
    }


def test_the_cover_lists_webp_and_jpeg_thumbnails_at_every_width(get, catalog, settings):
    settings.SITE_URL = "https://mall.example"
    shirt = Product.objects.get(pk=catalog["shirt"].pk)
    stem = shirt.cover.rsplit(".", 1)[0]

    items = {i["id"]: i for i in get("/products").data["items"]}

    cover = items[shirt.pk]["cover"]
    assert cover["alt"] == "李宁速干T恤"
    assert [t["width"] for t in cover["thumbnails"]] == list(THUMBNAIL_WIDTHS)
    first = cover["thumbnails"][0]
    assert first["webp"] == f"https://mall.example/media/{stem}_w{THUMBNAIL_WIDTHS[0]}.webp"
    assert first["jpg"] == f"https://mall.example/media/{stem}_w{THUMBNAIL_WIDTHS[0]}.jpg"
    assert items[catalog["plain"].pk]["cover"] is None


def test_the_page_reports_totals_and_facets(get, catalog):
    data = get("/products", category=catalog["tees"].slug, page_size=1).data

    assert (data["total"], data["page"], data["page_size"], data["num_pages"]) == (2, 1, 1, 2)
    assert len(data["items"]) == 1
    assert "李宁" in [b["name"] for b in data["facets"]["brands"]]
    assert {"name": "颜色", "values": ["红色", "蓝色"]} in data["facets"]["specs"]


def test_a_top_level_category_lists_the_products_below_it(get, catalog):
    top = catalog["tees"].parent.parent

    assert sorted(names(get("/products", category=top.slug))) == ["李宁速干T恤", "纯棉白T"]


def test_a_shop_lists_only_its_own_products(get, catalog):
    assert names(get("/products", shop="lining-store")) == ["李宁速干T恤"]


def test_brands_filter_repeated_or_comma_separated(get, catalog):
    brand = catalog["brand"].pk
    other = catalog["phone"].brand_id

    assert names(get("/products", brand=brand)) == ["李宁速干T恤"]
    assert sorted(names(get("/products", brand=f"{brand},{other}"))) == [
        "国产智能手机",
        "李宁速干T恤",
    ]
    assert sorted(names(get("/products", brand=[brand, other]))) == ["国产智能手机", "李宁速干T恤"]


def test_prices_filter_in_yuan_as_the_storefront_takes_them(get, catalog):
    assert names(get("/products", price_min="50", price_max="¥1,000")) == ["李宁速干T恤"]
    assert names(get("/products", price_max="29.00")) == ["纯棉白T"]
    assert names(get("/products", price_min="1999")) == ["国产智能手机"]


def test_spec_values_filter_and_several_values_of_one_spec_mean_any(get, catalog):
    assert names(get("/products", spec="颜色:蓝色")) == ["李宁速干T恤"]
    assert names(get("/products", spec=["颜色:黑色", "颜色:红色"])) == ["李宁速干T恤"]
    assert names(get("/products", spec="颜色:黑色")) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_asc", ["纯棉白T", "李宁速干T恤", "国产智能手机"]),
        ("price_desc", ["国产智能手机", "李宁速干T恤", "纯棉白T"]),
        ("sales", ["李宁速干T恤", "纯棉白T", "国产智能手机"]),
    ],
)
def test_sorting(get, catalog, sort, expected):
    assert names(get("/products", sort=sort)) == expected


def test_a_page_past_the_end_answers_the_last_page(get, catalog):
    data = get("/products", page_size=2, page=50).data

    assert (data["page"], data["num_pages"], len(data["items"])) == (2, 2, 1)


def test_hidden_products_are_not_listed(get, catalog):
    Product.objects.filter(pk=catalog["phone"].pk).update(status=Product.Status.OFF_SHELF)
    catalog["plain"].shop.status = "closed"
    catalog["plain"].shop.save()

    assert names(get("/products")) == ["李宁速干T恤"]


def test_names_with_markup_come_back_as_the_same_plain_string(get, db):
    ProductFactory(name='<script>alert("x")</script>T恤')

    response = get("/products")

    assert response["Content-Type"].startswith("application/json")
    assert names(response) == ['<script>alert("x")</script>T恤']


def test_unknown_category_or_shop_is_a_404_in_chinese(get, catalog):
    assert get("/products", category="no-such").data == {"detail": "类目不存在"}
    assert get("/products", shop="no-such").status_code == 404


@pytest.mark.parametrize("page_size", [1, 60])
def test_a_listing_takes_five_queries_whatever_the_page_size(
    get, catalog, settings, django_assert_max_num_queries, page_size
):
    settings.PAGE_CACHE_ENABLED = False
    for n in range(30):
        ProductFactory(category=catalog["tees"], name=f"T恤{n}", brand=catalog["brand"])

    with django_assert_max_num_queries(5):
        response = get("/products", category=catalog["tees"].slug, page_size=page_size)

    assert len(response.data["items"]) == min(page_size, 32)
