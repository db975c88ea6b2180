"""The product page shows a description as stored, without sanitising it again: these tests write
a script into a description through every path that writes one and look for it on the page."""

import dataclasses
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mall.catalog import services
from mall.catalog.demo.builders import ParamRow, describe
from mall.catalog.demo.tree import leaves
from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory, category_path
from mall.catalog.tests.import_helpers import csv_bytes, mall_setup, row, run
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

XSS = (
    '<script>alert(1)</script><img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">链接</a><p style="x" onclick="alert(4)">正文</p>'
)


class Markup(HTMLParser):
    """The elements and attributes of a piece of HTML, as a browser would build them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def through_services() -> Product:
    product = ProductFactory()
    product.description = XSS
    return services.save_product(product)


def through_admin(admin_client) -> Product:
    shop, leaf = ShopFactory(), category_path("服装", "男装", "T恤")
    form = {
        "shop": shop.pk, "category": leaf.pk, "brand": "", "name": "新品", "subtitle": "",
        "merchant_code": "", "keywords": "", "description": XSS,
        "skus-TOTAL_FORMS": 1, "skus-INITIAL_FORMS": 0, "skus-0-spec_values": "",
        "skus-0-price": "59.90", "skus-0-market_price": "", "skus-0-stock": 3,
        "skus-0-weight_grams": 0, "skus-0-barcode": "", "skus-0-merchant_code": "",
        "skus-0-position": 0, "skus-0-is_active": "on",
    }  # fmt: skip
    for prefix in ("specs", "params", "images"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = admin_client.post(reverse("admin:catalog_product_add"), form)
    assert response.status_code == 302
    return Product.objects.get()


def through_import() -> Product:
    mall_setup()
    job = run(csv_bytes([row(详情=XSS)]))
    assert job.created_rows == 1
    return Product.objects.get()


def through_seed_demo() -> Product:
    """seed_demo inserts the builder's HTML as it is, so that HTML is what is stored here."""
    leaf = dataclasses.replace(leaves()[0], points=(XSS,))
    product = ProductFactory()
    html = describe(XSS, XSS, leaf, [ParamRow(product.pk, XSS, XSS, 0)], "demo/x.jpg")
    Product.objects.filter(pk=product.pk).update(description=html)
    return product


WRITERS = {
    "services": lambda admin_client: through_services(),
    "admin": through_admin,
    "import": lambda admin_client: through_import(),
    "seed_demo": lambda admin_client: through_seed_demo(),
}


def put_on_sale(product: Product) -> None:
    product.refresh_from_db()
    for status in (Product.Status.PENDING, Product.Status.ON_SALE):
        if product.status != Product.Status.ON_SALE:
            product = services.change_status(product, status)


@pytest.mark.parametrize("path", WRITERS)
def test_a_script_in_a_description_never_reaches_the_product_page(client, admin_client, path):
    product = WRITERS[path](admin_client)
    put_on_sale(product)

    response = client.get(reverse("storefront:product", args=[product.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    detail = Markup(body.split('<div class="richtext">', 1)[1].split("</div>", 1)[0])
    assert detail.tags and "script" not in detail.tags
    assert not [name for name, _ in detail.attributes if name.startswith("on") or name == "style"]
    links = [value for name, value in detail.attributes if name in ("href", "src")]
    assert not [link for link in links if "javascript:" in link.casefold()]
    assert "<script>alert" not in body and "<img src=x" not in body
