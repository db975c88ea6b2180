import pytest
from django.utils import timezone

from mall.catalog.demo import shops as demo_shops
from mall.coupons import demo
from mall.coupons.models import Channel, CouponCode, CouponTemplate, UserCoupon
from mall.coupons.tests.factories import checkout
from mall.customers.models import User
from mall.merchants.tests.factories import ShopFactory
from mall.orders.tests.checkout_setup import build_mall

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_kind_of_coupon_and_a_wallet_in_every_state():
    ShopFactory(slug=demo_shops.SHOPS[0].slug)
    mall = build_mall()
    User.objects.filter(pk=mall.buyer.pk).update(mobile=demo_shops.SHOPPER_MOBILE)
    checkout(mall, "demo", mall.sku_b)
    demo.seed()
    counts = (CouponTemplate.objects.count(), UserCoupon.objects.count())
    demo.seed()  # again: nothing doubles
    assert (CouponTemplate.objects.count(), UserCoupon.objects.count()) == counts
    channels = set(CouponTemplate.objects.values_list("channel", flat=True))
    assert channels == set(Channel.values)
    assert CouponTemplate.objects.filter(shop__slug=demo_shops.SHOPS[0].slug).count() == 2
    assert CouponCode.objects.get(code="HUSHANG2026")
    wallet = UserCoupon.objects.filter(user=mall.buyer)
    now = timezone.now()
    assert wallet.filter(status="used").count() == 1
    assert wallet.expired(now).filter(status="unused").count() == 1
    assert wallet.unexpired(now).filter(status="unused").count() == 3
