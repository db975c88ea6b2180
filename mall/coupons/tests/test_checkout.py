"""What checkout sees and does: the wallet as pricing coupons, consuming exactly the chosen
coupons, and returning them when every order they went to is cancelled."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mall.coupons import selectors, services
from mall.coupons.errors import CouponUnavailable
from mall.coupons.models import UserCoupon
from mall.coupons.tests.factories import wallet_coupon, window
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.tests.factories import ShopFactory
from mall.pricing.rules import Coupon, CouponKind, Scope

pytestmark = pytest.mark.django_db


# --- the wallet for pricing ---------------------------------------------------------------------


def test_the_wallet_is_what_the_engine_prices_with(shopper):
    shop = ShopFactory()
    percent = wallet_coupon(
        shopper, name="9折最高减50", kind="percent", amount=0, discount_bp=1000, cap=5000,
        threshold=0, stackable=False, **window(),
    )  # fmt: skip
    own = wallet_coupon(
        shopper, name="店铺券", shop=shop, scope_category_ids=[7], scope_tags=["new"]
    )
    wallet = selectors.wallet_for_pricing(shopper, timezone.now())
    assert wallet == (
        Coupon(
            id=percent.pk, name="9折最高减50", kind=CouponKind.PERCENT, discount_bp=1000,
            cap=5000, stackable=False, valid_from=percent.valid_from,
            valid_until=percent.valid_until,
        ),
        Coupon(
            id=own.pk, name="店铺券", kind=CouponKind.AMOUNT, amount=2000, threshold=10000,
            scope=Scope(category_ids=frozenset({7}), tags=frozenset({"new"})), shop_id=shop.pk,
            valid_from=own.valid_from, valid_until=own.valid_until,
        ),
    )  # fmt: skip


def test_the_wallet_is_one_query(shopper, django_assert_num_queries):
    for _ in range(5):
        wallet_coupon(shopper, scope_product_ids=[1, 2])
    with django_assert_num_queries(1):
        assert len(selectors.wallet_for_pricing(shopper, timezone.now())) == 5


def test_the_wallet_leaves_out_used_expired_and_others_coupons(shopper):
    now = timezone.now()
    later = wallet_coupon(shopper, **window(days_before=-2, days_after=5))  # starts in two days
    wallet_coupon(shopper, **window(days_before=9, days_after=-1))  # expired
    used = wallet_coupon(shopper)
    services.consume(shopper, [used.pk], order_ids_by_shop={None: [1]})
    wallet_coupon(ShopperFactory())
    assert [c.id for c in selectors.wallet_for_pricing(shopper, now)] == [later.pk]
    assert selectors.wallet_for_pricing(None, now) == ()


# --- consume ------------------------------------------------------------------------------------


def test_consume_marks_the_coupons_used_with_their_orders(shopper):
    shop = ShopFactory()
    platform = wallet_coupon(shopper)
    own = wallet_coupon(shopper, shop=shop)
    services.consume(shopper, [platform.pk, own.pk], order_ids_by_shop={shop.pk: [11], 9: [12]})
    platform.refresh_from_db()
    own.refresh_from_db()
    assert (platform.status, platform.order_ids) == (UserCoupon.Status.USED, [11, 12])
    assert (own.status, own.order_ids) == (UserCoupon.Status.USED, [11])
    assert own.used_at is not None


def test_a_coupon_is_consumed_once(shopper):
    coupon = wallet_coupon(shopper)
    services.consume(shopper, [coupon.pk], order_ids_by_shop={None: [1]})
    with pytest.raises(CouponUnavailable) as caught:
        services.consume(shopper, [coupon.pk], order_ids_by_shop={None: [2]})
    assert caught.value.message == "所选优惠券已被使用或已过期，请刷新后重新选择"
    coupon.refresh_from_db()
    assert coupon.order_ids == [1]


def test_another_shoppers_or_an_expired_coupon_is_unavailable_and_nothing_is_used(shopper):
    mine = wallet_coupon(shopper)
    theirs = wallet_coupon(ShopperFactory())
    expired = wallet_coupon(shopper, **window(days_before=9, days_after=-1))
    for bad in (theirs, expired):
        with pytest.raises(CouponUnavailable):
            services.consume(shopper, [mine.pk, bad.pk], order_ids_by_shop={None: [1]})
    assert set(UserCoupon.objects.values_list("status", flat=True)) == {"unused"}


# --- return on cancellation ---------------------------------------------------------------------


def test_a_coupon_comes_back_when_all_its_orders_are_cancelled(shopper):
    coupon = wallet_coupon(shopper)
    services.consume(shopper, [coupon.pk], order_ids_by_shop={1: [21], 2: [22]})
    services.return_for_orders([21])
    coupon.refresh_from_db()
    assert coupon.status == UserCoupon.Status.USED  # order 22 still stands
    services.return_for_orders([22])
    coupon.refresh_from_db()
    assert (coupon.status, coupon.order_ids, coupon.used_at) == ("unused", [], None)
    services.return_for_orders([21, 22])  # again: nothing changes
    coupon.refresh_from_db()
    assert coupon.status == UserCoupon.Status.UNUSED
    services.consume(shopper, [coupon.pk], order_ids_by_shop={None: [23]})  # usable again
    services.return_for_orders([21, 22])  # the old orders no longer return it
    coupon.refresh_from_db()
    assert (coupon.status, coupon.order_ids) == ("used", [23])


def test_a_coupon_whose_template_keeps_it_stays_used(shopper):
    coupon = wallet_coupon(shopper, return_on_cancel=False)
    services.consume(shopper, [coupon.pk], order_ids_by_shop={None: [31]})
    services.return_for_orders([31])
    coupon.refresh_from_db()
    assert coupon.status == UserCoupon.Status.USED


def test_an_expired_coupon_is_not_returned(shopper):
    coupon = wallet_coupon(shopper, valid_days=1)
    services.consume(shopper, [coupon.pk], order_ids_by_shop={None: [41]})
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        services.return_for_orders([41])
    coupon.refresh_from_db()
    assert coupon.status == UserCoupon.Status.USED
