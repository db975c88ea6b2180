import pytest

from mall.catalog.demo import shops as demo_shops
from mall.catalog.demo.seller_products import REJECTION_REASON, seed_demo_data
from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory, category_path
from mall.merchants.demo import ensure_shop_owners
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


def test_the_demo_sellers_shop_gets_products_in_review_and_one_rejected():
    shop = ShopFactory(slug=demo_shops.SHOPS[0].slug, name=demo_shops.SHOPS[0].name)
    ensure_shop_owners([shop])
    ProductFactory(shop=shop, category=category_path("服装", "男装", "T恤"))
    assert seed_demo_data(2026) == {"待审核商品（新建）": 3, "已驳回商品（新建）": 1}
    pending = Product.objects.filter(shop=shop, status=Product.Status.PENDING)
    assert pending.count() == 3 and all(p.category.name == "T恤" for p in pending)
    rejected = Product.objects.get(shop=shop, status=Product.Status.REJECTED)
    assert rejected.reviews.first().reason == REJECTION_REASON
    assert seed_demo_data(2026) == {"待审核商品（新建）": 0, "已驳回商品（新建）": 0}


def test_without_the_demo_seller_nothing_is_made():
    assert seed_demo_data(1) == {"待审核商品（新建）": 0, "已驳回商品（新建）": 0}
