from datetime import timedelta

import factory
from django.utils import timezone

from mall.coupons.models import Channel, CouponTemplate, Source, UserCoupon
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.tests.checkout_setup import pay


class TemplateFactory(factory.django.DjangoModelFactory):
    """A public platform coupon 满100减20, valid 7 days after the claim, one per shopper."""

    class Meta:
        model = CouponTemplate

    name = factory.Sequence(lambda n: f"满100减20·{n}")
    kind = "amount"
    amount = 2000
    threshold = 10000
    valid_days = 7
    channel = Channel.PUBLIC


def window(days_before: int = 1, days_after: int = 30) -> dict:
    """A fixed validity window around now."""
    now = timezone.now()
    return {
        "valid_days": None,
        "valid_from": now - timedelta(days=days_before),
        "valid_until": now + timedelta(days=days_after),
    }


def wallet_coupon(user, **template) -> UserCoupon:
    """A coupon of a new template in the shopper's wallet, as issued now (even one whose fixed
    window is already over, which `issue` would refuse)."""
    made = TemplateFactory(**template)
    now = timezone.now()
    valid_from, valid_until = made.validity_for(now)
    return UserCoupon.objects.create(
        template=made, user=user, valid_from=valid_from, valid_until=valid_until,
        claimed_at=now, source=Source.OPERATOR, key=f"test:{made.pk}",
    )  # fmt: skip


def checkout(mall, key: str, *skus):
    """The buyer of an `orders.tests.checkout_setup` mall buys one of each SKU and pays."""
    items = tuple(CheckoutItem(sku.pk, 1) for sku in skus)
    orders = place_orders(user=mall.buyer, request=CheckoutRequest(mall.address.pk, items), key=key)
    pay(orders[0].payment_id)
    return orders
