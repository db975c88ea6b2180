from datetime import timedelta

import factory
from django.utils import timezone

from mall.coupons.models import Channel, CouponTemplate


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
