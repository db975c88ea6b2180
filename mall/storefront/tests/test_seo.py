import json
import re

import pytest
from django.urls import reverse

from mall.catalog.models import Product
from mall.catalog.tests.factories import CategoryFactory, ProductFactory
from mall.merchants.models import Shop
from mall.promotions.models import Promotion
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://mall.example.cn"


def head(client, url: str, **params) -> str:
    return client.get(url, params).content.decode().split("</head>")[0]


def canonical(page_head: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', page_head)[1]


def json_ld(client, product) -> dict:
    body = client.get(reverse("storefront:product", args=[product.pk])).content.decode()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body)[1])


def test_pages_have_their_own_title_description_canonical_and_open_graph(client, shirts):
    leaf, _, red, _ = shirts
    product_head = head(client, reverse("storefront:product", args=[red.pk]))
    assert f"<title>{red.name} - 沪上商城</title>" in product_head
    assert '<meta name="description" content="' in product_head
    assert canonical(product_head) == f"https://mall.example.cn/product/{red.pk}/"
    assert '<meta property="og:type" content="product">' in product_head
    assert '<meta property="og:image" content="https://mall.example.cn/media/' in product_head
    assert "<title>T恤 - 沪上商城</title>" in head(client, f"/category/{leaf.slug}/")


def test_listing_canonical_keeps_only_the_page(client, shirts):
    leaf, brand, *_ = shirts
    url = reverse("storefront:category", args=[leaf.slug])
    assert canonical(head(client, url, utm_source="wx", brand=brand.pk)) == (
        f"https://mall.example.cn{url}"
    )
    many = canonical(head(client, url, page=2, page_size=1, sort="sales", utm_source="wx"))
    assert many == f"https://mall.example.cn{url}?page=2"


def test_product_json_ld(client, shirts):
    _, brand, red, _ = shirts
    data = json_ld(client, red)
    assert data["@type"] == "Product" and data["name"] == red.name
    assert data["brand"] == {"@type": "Brand", "name": brand.name}
    assert data["image"][0].startswith("https://mall.example.cn/media/")
    assert data["offers"] == {
        "@type": "AggregateOffer", "lowPrice": "59.00", "highPrice": "79.00",
        "priceCurrency": "CNY", "offerCount": 3, "availability": "https://schema.org/InStock",
        "url": f"https://mall.example.cn/product/{red.pk}/",
    }  # fmt: skip


def test_json_ld_description_is_plain_text(client):
    product = ProductFactory()
    Product.objects.filter(pk=product.pk).update(description="<p>纯棉<b>舒适</b></p>")
    assert json_ld(client, product)["description"] == "纯棉舒适"


def test_out_of_stock_product_is_marked_so(client):
    product = ProductFactory(skus__stock=0)
    assert json_ld(client, product)["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_a_script_tag_in_the_name_cannot_break_out_of_json_ld(client):
    name = "</script><script>alert(1)</script>"
    product = ProductFactory(name=name)
    body = client.get(reverse("storefront:product", args=[product.pk])).content.decode()
    assert "<script>alert(1)" not in body
    assert json_ld(client, product)["name"] == name


def test_robots_txt(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    private = ["/admin/", "/account/", "/search/", "/cart/", "/checkout/", "/orders/", "/pay/"]
    for path in [*private, "/seller/"]:
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: https://mall.example.cn/sitemap.xml" in text


def test_sitemap_lists_visible_products_active_categories_and_open_shops(client):
    visible = ProductFactory()
    hidden = ProductFactory(status=Product.Status.DRAFT)
    closed = ProductFactory(shop__status=Shop.Status.SUSPENDED)
    inactive = CategoryFactory(is_active=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "https://mall.example.cn/sitemap-products.xml" in index
    products = client.get("/sitemap-products.xml").content.decode()
    assert f"https://mall.example.cn/product/{visible.pk}/" in products
    assert f"/product/{hidden.pk}/" not in products and f"/product/{closed.pk}/" not in products
    categories = client.get("/sitemap-categories.xml").content.decode()
    assert f"/category/{visible.category.slug}/" in categories
    assert f"/category/{inactive.slug}/" not in categories
    shops = client.get("/sitemap-shops.xml").content.decode()
    assert f"/shop/{visible.shop.slug}/" in shops and f"/shop/{closed.shop.slug}/" not in shops


def test_sitemap_lists_the_main_pages_and_the_merchant_page(client):
    assert (
        "https://mall.example.cn/sitemap-pages.xml" in client.get("/sitemap.xml").content.decode()
    )
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/", "/categories/", "/join/"):
        assert f"<loc>https://mall.example.cn{path}</loc>" in pages


def test_sitemap_lists_running_campaigns_only(client):
    running = PromotionFactory(slug="spring-festival")
    PromotionFactory(slug="draft-one", status=Promotion.Status.DRAFT)

    urls = client.get("/sitemap-campaigns.xml").content.decode()

    assert f"/campaigns/{running.slug}/" in urls and "draft-one" not in urls
    assert "/campaigns/</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_large_sitemaps_are_split_into_pages(client, monkeypatch):
    from mall.storefront.sitemaps import ProductSitemap

    monkeypatch.setattr(ProductSitemap, "limit", 2)
    ProductFactory.create_batch(3)
    index = client.get("/sitemap.xml").content.decode()
    assert "https://mall.example.cn/sitemap-products.xml?p=2" in index
    assert client.get("/sitemap-products.xml?p=2").status_code == 200


@pytest.mark.parametrize("page", ["9", "abc", "-1"])
def test_sitemap_pages_out_of_range_are_404(client, page):
    assert client.get(f"/sitemap-products.xml?p={page}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
