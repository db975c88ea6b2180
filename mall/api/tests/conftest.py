import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mall.catalog import services
from mall.catalog.models import Product, ProductParam
from mall.catalog.tests.factories import BrandFactory, ProductFactory, category_path
from mall.merchants.tests.factories import ShopFactory


def add_image(product: Product, position: int = 0) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (228, 57, 60)).save(buffer, "PNG")
    upload = SimpleUploadedFile(f"p{product.pk}-{position}.png", buffer.getvalue())
    services.add_product_image(product, upload, position=position)


@pytest.fixture
def get(client):
    """GET an API path; the response's JSON is on `.data`."""

    def fetch(path: str, **params):
        response = client.get(f"/api{path}", params)
        response.data = response.json()
        return response

    return fetch


@pytest.fixture
def catalog(db):
    """服装 > 男装 > T恤 holding a branded two-spec shirt (with images and parameters) and a
    cheaper plain shirt from another shop; 数码 > 手机 > 智能手机 holding a phone."""
    tees = category_path("服装", "男装", "T恤")
    phones = category_path("数码", "手机", "智能手机")
    lining = BrandFactory(name="李宁", slug="li-ning")
    shop = ShopFactory(name="李宁运动馆", slug="lining-store", location="B1-12", rating=47)
    shirt = ProductFactory(
        shop=shop, category=tees, brand=lining, name="李宁速干T恤", subtitle="轻薄透气",
        sales_count=30, is_new=True,
        skus=[(["红色", "M"], 5900, 5), (["红色", "L"], 6900, 0), (["蓝色", "M"], 129900, 3)],
        skus__spec_names=["颜色", "尺码"],
    )  # fmt: skip
    plain = ProductFactory(category=tees, name="纯棉白T", skus__price=2900, sales_count=3)
    phone = ProductFactory(category=phones, name="国产智能手机", skus__price=199900)
    add_image(shirt, 0)
    add_image(shirt, 1)
    ProductParam.objects.create(product=shirt, name="面料", value="聚酯纤维", position=0)
    return {"tees": tees, "brand": lining, "shop": shop, "shirt": shirt, "plain": plain,
            "phone": phone}  # fmt: skip
