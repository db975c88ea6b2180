"""Claiming public coupons and redeeming codes: limits, quantities, windows, messages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mall.coupons import services
from mall.coupons.errors import ClaimsRateLimited, CouponError
from mall.coupons.models import Channel, CouponCode, CouponTemplate, Source, UserCoupon
from mall.coupons.tests.factories import TemplateFactory, window
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db
Status = CouponTemplate.Status


def refused(user, template, **kwargs) -> str:
    with pytest.raises(CouponError) as caught:
        services.claim(user, template, **kwargs)
    return caught.value.message


def test_a_claim_puts_a_coupon_valid_for_its_days_in_the_wallet(shopper):
    template = TemplateFactory(valid_days=7)
    coupon = services.claim(shopper, template, source=Source.PRODUCT)
    assert coupon.user == shopper and coupon.status == UserCoupon.Status.UNUSED
    assert coupon.source == Source.PRODUCT
    assert coupon.valid_until - coupon.valid_from == timedelta(days=7)
    assert coupon.valid_from == coupon.claimed_at
    template.refresh_from_db()
    assert template.issued_count == 1


def test_a_fixed_window_is_copied_to_the_coupon(shopper):
    template = TemplateFactory(**window(days_before=2, days_after=10))
    coupon = services.claim(shopper, template)
    assert (coupon.valid_from, coupon.valid_until) == (template.valid_from, template.valid_until)


def test_each_shopper_gets_at_most_their_limit(shopper):
    template = TemplateFactory(per_user_limit=2)
    services.claim(shopper, template)
    services.claim(shopper, template)
    assert refused(shopper, template) == "每人限领 2 张，你已领取"
    assert UserCoupon.objects.filter(user=shopper).count() == 2
    assert services.claim(ShopperFactory(), template)  # another shopper still may


def test_the_total_quantity_is_never_exceeded(shopper):
    template = TemplateFactory(total_quantity=1)
    services.claim(shopper, template)
    assert refused(ShopperFactory(), template) == "优惠券已被抢光了"
    template.refresh_from_db()
    assert template.issued_count == 1


@pytest.mark.parametrize(
    "status, message", [(Status.PAUSED, "该优惠券暂停发放"), (Status.ENDED, "该优惠券已结束发放")]
)
def test_paused_and_ended_coupons_cannot_be_claimed(shopper, status, message):
    assert refused(shopper, TemplateFactory(status=status)) == message
    assert not UserCoupon.objects.exists()


def test_not_yet_and_no_longer_claimable(shopper):
    now = timezone.now()
    later = TemplateFactory(claim_starts_at=now + timedelta(hours=2))
    assert "开始领取" in refused(shopper, later)
    over = TemplateFactory(claim_ends_at=now - timedelta(minutes=1))
    assert refused(shopper, over) == "该优惠券已停止领取"
    expired = TemplateFactory(**window(days_before=10, days_after=-1))
    assert refused(shopper, expired) == "该优惠券已过有效期"


def test_only_public_coupons_of_open_shops_are_claimed(shopper):
    template = TemplateFactory(channel=Channel.REGISTRATION)
    assert refused(shopper, template) == "该优惠券不能直接领取"
    closed = TemplateFactory(shop=ShopFactory(status=Shop.Status.SUSPENDED))
    assert refused(shopper, closed) == "店铺暂停营业，暂时不能领券"


def test_claims_are_rate_limited_per_shopper(shopper):
    templates = [TemplateFactory() for _ in range(11)]
    for template in templates[:10]:
        services.claim(shopper, template)
    with pytest.raises(ClaimsRateLimited) as caught:
        services.claim(shopper, templates[10])
    assert "领券太频繁了" in caught.value.message and caught.value.retry_after > 0
    assert services.claim(ShopperFactory(), templates[10])


# --- codes --------------------------------------------------------------------------------------


def code_for(template=None, **kwargs) -> CouponCode:
    template = template or TemplateFactory(channel=Channel.CODE)
    return CouponCode.objects.create(template=template, code="HUSHANG2026", **kwargs)


def redeem_refused(user, code: str) -> str:
    with pytest.raises(CouponError) as caught:
        services.redeem_code(user, code)
    return caught.value.message


def test_a_code_redeems_once_per_shopper_whatever_its_case(shopper):
    code = code_for()
    coupon = services.redeem_code(shopper, " hushang 2026 ")
    assert coupon.source == Source.CODE and coupon.template == code.template
    assert redeem_refused(shopper, "HUSHANG2026") == "你已兑换过这个兑换码"
    code.refresh_from_db()
    assert code.redeemed_count == 1


def test_a_code_stops_at_its_redemptions(shopper):
    code_for(max_redemptions=1)
    services.redeem_code(shopper, "HUSHANG2026")
    assert redeem_refused(ShopperFactory(), "HUSHANG2026") == "兑换码已被兑换完"


def test_unknown_and_empty_codes(shopper):
    assert redeem_refused(shopper, "NOPE") == "兑换码不存在，请检查后重新输入"
    assert redeem_refused(shopper, "  ") == "请输入兑换码"


def test_a_code_of_a_sold_out_coupon_counts_no_redemption(shopper):
    code = code_for(TemplateFactory(channel=Channel.CODE, total_quantity=1))
    services.redeem_code(ShopperFactory(), "HUSHANG2026")
    assert redeem_refused(shopper, "HUSHANG2026") == "优惠券已被抢光了"
    code.refresh_from_db()
    assert code.redeemed_count == 1


# --- issue (our reasons) ------------------------------------------------------------------------


def test_issue_is_idempotent_by_key(shopper):
    template = TemplateFactory(channel=Channel.MANUAL, per_user_limit=3)
    first = services.issue(shopper, template, source=Source.OPERATOR, key="ticket:1")
    again = services.issue(shopper, template, source=Source.OPERATOR, key="ticket:1")
    assert first is not None and again == first
    other = services.issue(shopper, template, source=Source.OPERATOR, key="ticket:2")
    assert other != first
    template.refresh_from_db()
    assert template.issued_count == 2


def test_issue_refuses_quietly(shopper):
    paused = TemplateFactory(channel=Channel.MANUAL, status=Status.PAUSED)
    assert services.issue(shopper, paused, source=Source.OPERATOR, key="a") is None
    single = TemplateFactory(channel=Channel.MANUAL, total_quantity=1)
    assert services.issue(shopper, single, source=Source.OPERATOR, key="a")
    assert services.issue(ShopperFactory(), single, source=Source.OPERATOR, key="a") is None
    limited = TemplateFactory(channel=Channel.MANUAL)
    assert services.issue(shopper, limited, source=Source.OPERATOR, key="b")
    assert services.issue(shopper, limited, source=Source.OPERATOR, key="c") is None
    assert services.issue(shopper, TemplateFactory(), source=Source.OPERATOR, key="b") is None
