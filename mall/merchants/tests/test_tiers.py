"""Tiers and commission: which rate a shop pays for which goods, and settlement by it."""

import pytest

from mall.catalog.tests.factories import CategoryFactory, ProductFactory, category_path
from mall.ledger.selectors import account_balance
from mall.ledger.services import Line, post
from mall.merchants.models import Tier, TierCommission
from mall.merchants.selectors import commission_rate_bp, commission_rates, tiers
from mall.merchants.tests.factories import ShopFactory
from mall.orders import services as order_services
from mall.orders.models import OrderStatus as S
from mall.orders.tests.factories import move, placed_order

pytestmark = pytest.mark.django_db


def test_the_three_tiers_exist_in_order_with_their_terms():
    found = tiers()
    assert [tier.code for tier in found] == [Tier.STANDARD, Tier.PREFERRED, Tier.STRATEGIC]
    assert [tier.name for tier in found] == ["普通", "优选", "战略合作"]
    fees = [tier.platform_fee_monthly for tier in found]
    assert fees == sorted(fees, reverse=True)  # higher tiers pay lower fees


def test_a_category_override_applies_to_the_level_1_category_and_everything_below_it():
    digital = category_path("数码", "手机", "智能手机")
    phones, digital_root = digital.parent, digital.parent.parent
    TierCommission.objects.create(tier_id=Tier.STANDARD, category=digital_root, rate_bp=300)
    shop, other = ShopFactory(), CategoryFactory()
    assert [commission_rate_bp(shop, c) for c in (digital_root, phones, digital)] == [300] * 3
    assert commission_rate_bp(shop, other) == 500  # the standard tier's base rate


def test_the_rate_follows_the_shops_tier_and_a_negotiated_rate_beats_them_all():
    beauty = CategoryFactory()
    TierCommission.objects.create(tier_id=Tier.STANDARD, category=beauty, rate_bp=1000)
    TierCommission.objects.create(tier_id=Tier.STRATEGIC, category=beauty, rate_bp=600)
    standard, strategic = ShopFactory(), ShopFactory(tier_id=Tier.STRATEGIC)
    negotiated = ShopFactory(tier_id=Tier.STRATEGIC, commission_rate_bp=250)
    rates = commission_rates((shop.pk, beauty.pk) for shop in (standard, strategic, negotiated))
    assert rates == {(standard.pk, beauty.pk): 1000, (strategic.pk, beauty.pk): 600,
                     (negotiated.pk, beauty.pk): 250}  # fmt: skip


def test_settlement_charges_each_line_its_categorys_rate_to_the_fen(settings):
    settings.AFTERSALES_WINDOW_DAYS = 0
    digital, fashion = CategoryFactory(name="数码"), CategoryFactory(name="服装")
    TierCommission.objects.create(tier_id=Tier.STANDARD, category=digital, rate_bp=300)
    TierCommission.objects.create(tier_id=Tier.STANDARD, category=fashion, rate_bp=800)
    shop = ShopFactory()
    phone = ProductFactory(shop=shop, category=digital, skus=[([], 99_950, 5)]).skus.get()
    shirt = ProductFactory(shop=shop, category=fashion, skus=[([], 12_345, 5)]).skus.get()
    order = placed_order([(phone, 1), (shirt, 1)], freight=1000)
    assert sorted(line.commission_rate_bp for line in order.lines.all()) == [300, 800]
    TierCommission.objects.filter(category=fashion).update(rate_bp=2000)  # after checkout
    post(
        f"pay:{order.pk}",
        [Line("gateway:sandbox", order.total), Line("escrow", -order.total, f"order:{order.pk}")],
    )
    move(order, S.PAID, S.SHIPPED, S.COMPLETED)

    assert order_services.settle_if_due(order.pk)

    # round-half-up per line: 99 950 × 3% = 2 998.5 → 2 999; 12 345 × 8% = 987.6 → 988
    assert account_balance("revenue:commission") == -(2999 + 988)
    assert account_balance(f"payable:{shop.pk}") == -(order.total - 2999 - 988)
    assert account_balance("escrow") == 0
