"""Coupons nobody claims: the registration gift pack, the first paid order, and cumulative-spend
rewards, through the real registration and payment flows."""

from datetime import datetime

import pytest
import time_machine

from mall.coupons.models import Channel, CouponTemplate, Source, SpendPeriod, UserCoupon
from mall.coupons.tests.factories import TemplateFactory, checkout
from mall.customers import services as customers
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.tests.checkout_setup import build_mall, pay
from mall.pricing.rules import SHANGHAI

pytestmark = pytest.mark.django_db


def sources(user) -> list[str]:
    return sorted(UserCoupon.objects.filter(user=user).values_list("source", flat=True))


def test_a_new_shopper_gets_the_registration_gift_pack():
    TemplateFactory(channel=Channel.REGISTRATION)
    TemplateFactory(channel=Channel.REGISTRATION, kind="free_shipping", amount=0, threshold=0)
    TemplateFactory(channel=Channel.REGISTRATION, status=CouponTemplate.Status.PAUSED)
    TemplateFactory(channel=Channel.PUBLIC)
    user = customers.account_for_mobile("13700001111")
    assert sources(user) == [Source.REGISTRATION, Source.REGISTRATION]
    assert customers.account_for_mobile("13700001111") == user  # signing in again: nothing new
    assert len(sources(user)) == 2


@pytest.fixture
def mall():
    return build_mall()


def test_the_first_paid_checkout_earns_the_first_order_coupon_once(mall):
    TemplateFactory(channel=Channel.FIRST_ORDER)
    orders = place_orders(
        user=mall.buyer,
        request=CheckoutRequest(mall.address.pk, (CheckoutItem(mall.sku_a.pk, 1),)),
        key="unpaid",
    )
    assert sources(mall.buyer) == []  # placing is not paying
    checkout(mall, "first", mall.sku_a, mall.sku_b)  # two shops, two orders, one payment
    assert sources(mall.buyer) == [Source.FIRST_ORDER]
    pay(orders[0].payment_id)  # an older order paid later is not a first order any more
    checkout(mall, "second", mall.sku_b)
    assert sources(mall.buyer) == [Source.FIRST_ORDER]


def test_a_template_created_after_the_first_order_is_not_given_on_later_ones(mall):
    checkout(mall, "first", mall.sku_a)
    TemplateFactory(channel=Channel.FIRST_ORDER)
    checkout(mall, "second", mall.sku_a)
    assert sources(mall.buyer) == []


def test_a_spend_reward_is_given_once_per_period(mall):
    # sku_b costs ¥99: two purchases cross ¥150 in a month
    TemplateFactory(
        channel=Channel.SPEND_REWARD, spend_threshold=15000, spend_period=SpendPeriod.MONTH,
        per_user_limit=12,
    )  # fmt: skip
    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=SHANGHAI)):
        checkout(mall, "n1", mall.sku_b)
        assert sources(mall.buyer) == []
        checkout(mall, "n2", mall.sku_b)
        assert sources(mall.buyer) == [Source.SPEND_REWARD]
        checkout(mall, "n3", mall.sku_b)
        assert sources(mall.buyer) == [Source.SPEND_REWARD]
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=SHANGHAI)):
        checkout(mall, "d1", mall.sku_b)
        assert len(sources(mall.buyer)) == 1  # December's spend starts again at ¥99
        checkout(mall, "d2", mall.sku_b)
    keys = sorted(UserCoupon.objects.filter(user=mall.buyer).values_list("key", flat=True))
    assert [k.rsplit(":", 1)[0] for k in keys] == ["spend_reward:2026-11", "spend_reward:2026-12"]


def test_an_all_time_reward_counts_the_members_cumulative_spend(mall):
    TemplateFactory(channel=Channel.SPEND_REWARD, spend_threshold=19000)
    checkout(mall, "one", mall.sku_b)
    assert sources(mall.buyer) == []
    checkout(mall, "two", mall.sku_b)
    checkout(mall, "three", mall.sku_b)
    assert sources(mall.buyer) == [Source.SPEND_REWARD]
