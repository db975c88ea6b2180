"""Real threads on PostgreSQL: a coupon is used once, a campaign never gives past its budget."""

from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from mall.catalog.tests.factories import ProductFactory
from mall.coupons.models import UserCoupon
from mall.coupons.tests.factories import wallet_coupon
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order
from mall.orders.tests.threads import all_at_once, buyer_with_address
from mall.promotions import selectors as promotion_selectors
from mall.promotions.models import Promotion, PromotionUsage
from mall.promotions.tests.factories import PromotionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_one_coupon_in_50_simultaneous_checkouts_is_used_once():
    sku = ProductFactory(skus=[([], 5000, 100)]).skus.get()
    buyer, address = buyer_with_address()
    coupon = wallet_coupon(buyer, amount=1000, threshold=0)
    request = CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 1),))

    def checkout(n: int) -> Callable[[], object]:
        return lambda: place_orders(user=buyer, request=request, key=f"coupon-race-{n:04d}")

    outcomes = all_at_once([checkout(n) for n in range(50)])

    placed = [o for o in outcomes if isinstance(o, list)]
    refused = [o for o in outcomes if isinstance(o, OrderError)]
    assert len(placed) + len(refused) == 50, Counter(type(o).__name__ for o in outcomes)
    discounted = Order.objects.filter(discount=1000)
    assert discounted.count() == 1
    assert UserCoupon.objects.get(pk=coupon.pk).status == UserCoupon.Status.USED
    assert UserCoupon.objects.get(pk=coupon.pk).order_ids == [discounted.get().pk]
    assert all("优惠券" in error.message for error in refused)


def test_a_budget_for_10_discounts_under_100_simultaneous_checkouts_gives_at_most_10():
    sku = ProductFactory(skus=[([], 10_000, 1000)]).skus.get()
    promotion = PromotionFactory(
        kind=Promotion.Kind.REDUCTION, tiers=[[5000, 1000]], discount_bp=0, budget=10 * 1000
    )
    promotion_selectors.bump_rules_version()
    buyers = [buyer_with_address() for _ in range(100)]

    def checkout(buyer, address) -> Callable[[], object]:
        request = CheckoutRequest(address.pk, (CheckoutItem(sku.pk, 1),))
        return lambda: place_orders(user=buyer, request=request, key=f"budget-{buyer.pk:08d}")

    outcomes = all_at_once([checkout(*pair) for pair in buyers])

    assert not [o for o in outcomes if not isinstance(o, list | OrderError)], outcomes
    promotion.refresh_from_db()
    given = sum(PromotionUsage.objects.filter(promotion=promotion).values_list("amount", flat=True))
    assert promotion.spent == given == 10 * 1000
    assert Order.objects.filter(discount=1000).count() == 10
    assert promotion.status == Promotion.Status.EXHAUSTED
