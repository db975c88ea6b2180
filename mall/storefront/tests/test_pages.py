import json
import re

import pytest
from django.urls import reverse

from mall.catalog import services
from mall.catalog.models import Category, Product
from mall.catalog.tests.factories import CategoryFactory, ProductFactory
from mall.merchants.models import Shop
from mall.storefront.tests.factories import BannerFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_home_shows_banners_categories_and_shelves(client, shirts):
    leaf, _, red, _ = shirts
    BannerFactory(title="双十二")
    BannerFactory(title="已结束的活动", is_active=False)
    body = html(client.get("/"))
    assert "双十二" in body and "已结束的活动" not in body
    assert "新品首发" in body and "热卖榜单" in body and "为你推荐" in body
    assert reverse("storefront:category", args=[leaf.parent.parent.slug]) in body
    assert red.name in body


def test_recommended_shelf_fills_up_with_best_sellers(client):
    picked = ProductFactory(is_recommended=True, sales_count=1)
    popular = ProductFactory(sales_count=500)
    body = html(client.get("/")).split('id="shelf-recommended"')[1]
    assert body.index(picked.name) < body.index(popular.name)


def test_banner_links_other_than_paths_and_http_are_dropped(client):
    BannerFactory(title="坏链接", link_url="javascript:alert(1)")
    body = html(client.get("/"))
    assert "坏链接" in body and "javascript:" not in body


def test_category_listing_has_breadcrumbs_chips_filters_and_sorting(client, shirts):
    leaf, brand, red, plain = shirts
    top = leaf.parent.parent
    body = html(client.get(reverse("storefront:category", args=[top.slug])))
    assert red.name in body and plain.name in body
    assert "男装" in body  # the child chip
    assert f"brand={brand.pk}" in body and "spec=%E9%A2%9C%E8%89%B2%3A%E7%BA%A2%E8%89%B2" in body
    assert "sort=sales" in body and "sort=price_asc" in body


def test_listing_filters_and_sort(client, shirts):
    leaf, brand, red, plain = shirts
    url = reverse("storefront:category", args=[leaf.slug])
    assert plain.name not in html(client.get(url, {"brand": brand.pk}))
    assert red.name not in html(client.get(url, {"price_max": "30"}))
    assert plain.name not in html(client.get(url, {"spec": "颜色:红色"}))
    body = html(client.get(url, {"sort": "price_asc"}))
    assert body.index(plain.name) < body.index(red.name)
    assert "价格 ↑" in body and "sort=price_desc" in body  # a second tap flips the order


def test_listing_paginates(client, shirts):
    leaf, *_ = shirts
    ProductFactory.create_batch(3, category=leaf)
    url = reverse("storefront:category", args=[leaf.slug])
    body = html(client.get(url, {"page_size": 2, "page": 2}))
    assert 'aria-current="page">2<' in body and "page=3" in body and "page=1" not in body


def test_htmx_request_gets_the_listing_fragment(client, shirts):
    leaf, brand, *_ = shirts
    url = reverse("storefront:category", args=[leaf.slug])
    response = client.get(url, {"brand": brand.pk}, headers={"HX-Request": "true"})
    body = html(response)
    assert "<html" not in body and 'id="listing"' in body and "<title>" in body
    assert "HX-Request" in response["Vary"]
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in html(restore)


def test_product_page_shows_gallery_skus_params_description_and_shop(client, shirts):
    _, _, red, plain = shirts
    red.description = "<p>好料子</p><script>evil()</script>"
    services.save_product(red)
    body = html(client.get(reverse("storefront:product", args=[red.pk])))
    assert red.name in body and "¥59.00 – ¥79.00" in body
    assert body.count('class="gallery__slide"') == 2 and 'type="image/webp"' in body
    assert "参数0" in body and "<p>好料子</p>" in body and "evil()" not in body
    assert reverse("storefront:shop", args=[red.shop.slug]) in body
    related = reverse("storefront:product_related", args=[red.pk])
    assert f'hx-get="{related}" hx-trigger="revealed"' in body  # the shelf comes when scrolled to
    assert reverse("storefront:category", args=[red.category.slug]) in body  # without script
    assert reverse("storefront:product", args=[plain.pk]) not in body


def test_the_related_shelf_shows_the_categorys_best_sellers_but_not_the_product(client, shirts):
    _, _, red, plain = shirts
    other = ProductFactory(name="别的类目", sales_count=99)
    body = html(client.get(reverse("storefront:product_related", args=[plain.pk])))
    assert "相关推荐" in body and red.name in body
    assert plain.name not in body and other.name not in body
    assert html(client.get(reverse("storefront:product_related", args=[other.pk]))) == ""


@pytest.mark.parametrize("pk", [999999, 0, 99999999999999999999])
def test_the_related_shelf_of_an_unknown_or_hidden_product_is_404(client, shirts, pk):
    assert client.get(f"/product/{pk}/related/").status_code == 404
    red = shirts[2]
    Product.objects.filter(pk=red.pk).update(status=Product.Status.OFF_SHELF)
    assert client.get(reverse("storefront:product_related", args=[red.pk])).status_code == 404


def test_product_page_carries_each_skus_price_and_stock(client, shirts):
    _, _, red, _ = shirts
    body = html(client.get(reverse("storefront:product", args=[red.pk])))
    data = json.loads(re.search(r'id="sku-data" type="application/json">(.*?)</script>', body)[1])
    assert [s["name"] for s in data["specs"]] == ["颜色", "尺码"]
    skus = {tuple(s["values"]): (s["price"], s["stock"]) for s in data["skus"]}
    assert skus == {
        ("红色", "M"): ("¥59.00", 5), ("红色", "L"): ("¥69.00", 0), ("蓝色", "M"): ("¥79.00", 3)
    }  # fmt: skip


def test_shop_page_lists_its_products_with_sorting(client, shirts):
    _, _, red, plain = shirts
    Shop.objects.filter(pk=red.shop_id).update(intro="老字号", location="1 号馆 L2")
    body = html(client.get(reverse("storefront:shop", args=[red.shop.slug]), {"sort": "sales"}))
    assert red.shop.name in body and "老字号" in body and "1 号馆 L2" in body
    assert red.name in body and plain.name not in body


def test_category_index_lists_the_tree(client, shirts):
    leaf, *_ = shirts
    body = html(client.get(reverse("storefront:categories")))
    for category in (leaf, leaf.parent, leaf.parent.parent):
        assert reverse("storefront:category", args=[category.slug]) in body


def test_header_shows_login_link_or_masked_mobile(client, django_user_model):
    assert reverse("customers:login") in html(client.get("/"))
    user = django_user_model.objects.create_user(username="u1", mobile="13800138000")
    client.force_login(user)
    body = html(client.get("/"))
    assert "138****8000" in body and "13800138000" not in body
    assert reverse("customers:profile") in body and reverse("customers:logout") in body


def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in html(client.get("/"))


@pytest.mark.parametrize(
    "url",
    [
        "/product/999999/",
        "/product/0/",
        "/product/99999999999999999999/",
        "/category/no-such/",
        "/shop/no-such/",
        "/shop/" + "a" * 300 + "/",
        "/no/such/page/",
    ],
)
def test_unknown_things_get_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "页面不存在" in html(response)


@pytest.mark.parametrize(
    "hide",
    [
        lambda p: Product.objects.filter(pk=p.pk).update(status=Product.Status.DRAFT),
        lambda p: Product.objects.filter(pk=p.pk).update(status=Product.Status.OFF_SHELF),
        lambda p: Shop.objects.filter(pk=p.shop_id).update(status=Shop.Status.SUSPENDED),
        lambda p: Category.objects.filter(pk=p.category_id).update(is_active=False),
    ],
    ids=["draft", "off-shelf", "suspended-shop", "inactive-category"],
)
def test_hidden_products_are_404(client, hide):
    product = ProductFactory()
    hide(product)
    assert client.get(reverse("storefront:product", args=[product.pk])).status_code == 404
    assert product.name not in html(client.get("/"))


def test_suspended_shop_page_is_404(client):
    product = ProductFactory(shop__status=Shop.Status.SUSPENDED)
    assert client.get(reverse("storefront:shop", args=[product.shop.slug])).status_code == 404


def test_inactive_category_is_404(client):
    category = CategoryFactory(is_active=False)
    assert client.get(reverse("storefront:category", args=[category.slug])).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=-3", "page=abc", "page=99999999999999999999", "page_size=0", "page_size=100000",
        "sort=evil", "price_min=abc", "price_max=1e999", "price_min=-5", "brand=1;2",
        "brand=99999999999999999999", "spec=no-colon", "spec=颜色:" + "长" * 200,
        "utm_source=x",
    ],
)  # fmt: skip
def test_malformed_listing_parameters_give_a_clean_page(client, shirts, query):
    leaf, *_ = shirts
    for url in (
        reverse("storefront:category", args=[leaf.slug]),
        reverse("storefront:shop", args=[shirts[2].shop.slug]),
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200 and 'id="listing"' in html(response)


def test_malformed_filters_are_reported_politely(client, shirts):
    leaf, *_ = shirts
    url = reverse("storefront:category", args=[leaf.slug])
    body = html(client.get(url, {"price_min": "abc", "sort": "evil"}))
    assert "不是有效的金额" in body and "排序方式无效" in body


def test_post_is_refused(client):
    assert client.post("/").status_code == 405


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_xss_in_names_and_descriptions_is_escaped(client):
    product = ProductFactory(
        name=XSS[:60], subtitle=XSS, shop__name=XSS[:60], shop__intro=XSS,
        category__name="类目<b>", brand__name="<i>牌</i>",
    )  # fmt: skip
    product.description = XSS + "<p>正文</p>"
    services.save_product(product)
    urls = [
        "/",
        reverse("storefront:product", args=[product.pk]),
        reverse("storefront:shop", args=[product.shop.slug]),
        reverse("storefront:category", args=[product.category.slug]),
        reverse("storefront:categories"),
    ]
    for url in urls:
        body = html(client.get(url))
        assert "<script>alert(1)" not in body and "<img src=x" not in body
        assert "<b>" not in body.split("<body", 1)[1] and "<i>牌" not in body
    assert "<p>正文</p>" in html(client.get(urls[1]))


def test_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "服务器开小差了" in body and "csrfmiddlewaretoken" not in body
