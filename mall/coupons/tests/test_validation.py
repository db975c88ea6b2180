"""A coupon that cannot be honoured is refused where it is created, saying why."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.coupons.models import Channel, CouponCode, CouponTemplate
from mall.coupons.tests.factories import TemplateFactory
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


def errors(**fields) -> dict[str, list[str]]:
    template = TemplateFactory.build(**fields)
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    return caught.value.message_dict


def test_a_sound_coupon_passes():
    TemplateFactory.build().full_clean()
    TemplateFactory.build(kind="percent", amount=0, discount_bp=1000, cap=5000).full_clean()
    TemplateFactory.build(kind="free_shipping", amount=0, threshold=0).full_clean()


@pytest.mark.parametrize("bp", [0, 50, 9950, 10000, 12000])
def test_a_percent_outside_1_to_99(bp):
    assert errors(kind="percent", amount=0, discount_bp=bp)["discount_bp"] == [
        "折扣须在 1% 到 99% 之间"
    ]


@pytest.mark.parametrize("amount", [0, -100])
def test_an_amount_of_nothing_or_less(amount):
    assert "减免金额须大于 0" in errors(amount=amount)["amount"]


def test_a_reduction_above_its_threshold():
    assert errors(amount=12000, threshold=10000)["amount"] == ["满减券的减免金额不能超过使用门槛"]


def test_a_negative_cap():
    found = errors(kind="percent", amount=0, discount_bp=1000, cap=-1)
    assert found["cap"] == ["最高减免不能为负数"]


def test_validity_ending_before_it_starts_or_missing():
    now = timezone.now()
    found = errors(valid_days=None, valid_from=now, valid_until=now - timedelta(hours=1))
    assert found["valid_until"] == ["有效期结束时间须晚于开始时间"]
    assert errors(valid_days=None)["valid_until"] == ["请填写有效期结束时间，或领取后有效天数"]
    found = errors(claim_starts_at=now, claim_ends_at=now)
    assert found["claim_ends_at"] == ["停止领取时间须晚于开始领取时间"]


def test_a_total_below_what_is_issued():
    template = TemplateFactory(total_quantity=10)
    CouponTemplate.objects.filter(pk=template.pk).update(issued_count=6)
    template.refresh_from_db()
    template.total_quantity = 5
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert caught.value.message_dict["total_quantity"] == ["发行总量不能少于已发放的 6 张"]


def test_a_per_shopper_limit_below_one():
    assert errors(per_user_limit=0)["per_user_limit"] == ["每人限领至少 1 张"]


def test_a_spend_reward_needs_a_spend():
    found = errors(channel=Channel.SPEND_REWARD, spend_threshold=0)
    assert found["spend_threshold"] == ["累计消费奖励须填写大于 0 的消费金额"]


def test_a_shop_coupon_cannot_scope_another_shops_goods():
    shop = ShopFactory()
    own = ProductFactory(shop=shop)
    foreign = ProductFactory()
    TemplateFactory.build(shop=shop, scope_product_ids=[own.pk]).full_clean()
    found = errors(shop=shop, scope_product_ids=[own.pk, foreign.pk])
    assert found["scope_product_ids"] == ["店铺券只能用于本店商品，不能包含其他店铺的商品"]
    found = errors(shop=shop, scope_sku_ids=[foreign.skus.get().pk])
    assert "scope_product_ids" in found
    assert errors(shop=shop, scope_shop_ids=[foreign.shop_id])["scope_shop_ids"] == [
        "店铺券只能用于本店商品"
    ]


def test_scope_lists_hold_ids():
    assert "scope_category_ids" in errors(scope_category_ids=["鞋"])


def test_the_database_refuses_issuing_past_the_total():
    from django.db import IntegrityError, transaction

    template = TemplateFactory(total_quantity=1, issued_count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CouponTemplate.objects.filter(pk=template.pk).update(issued_count=2)


def test_a_code_cannot_allow_fewer_redemptions_than_made():
    code = CouponCode.objects.create(template=TemplateFactory(), code="abc", max_redemptions=5)
    assert code.code == "ABC"
    CouponCode.objects.filter(pk=code.pk).update(redeemed_count=3)
    code.refresh_from_db()
    code.max_redemptions = 2
    with pytest.raises(ValidationError) as caught:
        code.full_clean()
    assert caught.value.message_dict["max_redemptions"] == ["可兑换次数不能少于已兑换的 3 次"]
