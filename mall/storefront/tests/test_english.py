"""English is a complete second language: after switching, the chrome is English and the
product data stays as the merchants wrote it. Needs compiled catalogs (`make install` runs
compilemessages before the tests)."""

import pytest
from django.urls import reverse

from mall.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_home_page_chrome_is_english_and_product_data_is_not_translated(english):
    product = ProductFactory(name="李宁速干T恤", is_new=True, is_recommended=True, sales_count=2)
    body = english.get("/").content.decode()
    for chrome in ("New arrivals", "Best sellers", "Recommended for you", "All categories"):
        assert chrome in body
    assert "2 paid" in body and "Search products, brands, shops" in body
    assert "新品首发" not in body and "人付款" not in body and "全部分类" not in body
    assert product.name in body and product.shop.name in body


def test_listing_counts_products_with_english_plurals(english):
    single = ProductFactory()
    pair = ProductFactory()
    ProductFactory(category=pair.category)
    one = english.get(reverse("storefront:category", args=[single.category.slug]))
    two = english.get(reverse("storefront:category", args=[pair.category.slug]))
    assert "1 product<" in one.content.decode()
    body = two.content.decode()
    assert "2 products" in body and "Best match" in body and "件商品" not in body


def test_login_page_is_english(english):
    body = english.get(reverse("customers:login")).content.decode()
    for chrome in ("Sign in / Register", "Mobile number", "Get code", "Privacy Policy"):
        assert chrome in body
    assert "登录 / 注册" not in body and "手机号" not in body and "获取验证码" not in body
