"""Real threads on PostgreSQL: one coupon in 50 checkouts is used once; 50 shoppers racing
for 10 coupons get exactly 10."""

from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from mall.coupons import services
from mall.coupons.models import CouponOrder, CouponTemplate, UserCoupon
from mall.coupons.tests.factories import TemplateFactory, wallet_coupon
from mall.customers.tests.factories import ShopperFactory
from mall.orders.tests.threads import all_at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
RACERS = 50


def test_one_coupon_in_50_checkouts_is_used_once():
    shopper = ShopperFactory()
    coupon = wallet_coupon(shopper)

    def checkout(order_id: int) -> Callable[[], object]:
        def place():
            with transaction.atomic():  # the checkout's own transaction
                services.consume(shopper, [coupon.pk], order_ids_by_shop={None: [order_id]})
                return order_id

        return place

    outcomes = all_at_once([checkout(n) for n in range(1, RACERS + 1)])
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"int": 1, "CouponUnavailable": RACERS - 1}, kinds
    winner = next(o for o in outcomes if isinstance(o, int))
    coupon.refresh_from_db()
    assert (coupon.status, coupon.order_ids) == (UserCoupon.Status.USED, [winner])
    assert list(CouponOrder.objects.values_list("order_id", flat=True)) == [winner]


def test_50_shoppers_for_10_coupons_get_exactly_10():
    template = TemplateFactory(total_quantity=10)
    shoppers = [ShopperFactory() for _ in range(RACERS)]
    outcomes = all_at_once([lambda s=shopper: services.claim(s, template) for shopper in shoppers])
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"UserCoupon": 10, "CouponError": RACERS - 10}, kinds
    assert {o.message for o in outcomes if not isinstance(o, UserCoupon)} == {"优惠券已被抢光了"}
    assert CouponTemplate.objects.get(pk=template.pk).issued_count == 10
    assert UserCoupon.objects.filter(template=template).count() == 10


def test_one_shopper_claiming_in_parallel_gets_their_limit():
    shopper = ShopperFactory()
    template = TemplateFactory(per_user_limit=2)
    outcomes = all_at_once([lambda: services.claim(shopper, template)] * 8)
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"UserCoupon": 2, "CouponError": 6}, kinds
    assert UserCoupon.objects.filter(user=shopper).count() == 2
