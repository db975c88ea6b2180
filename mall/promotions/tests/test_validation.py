"""A rule that cannot be honoured is refused where it is created, with a message saying why."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.merchants.tests.factories import ShopFactory
from mall.promotions import services
from mall.promotions.models import JointShare, Promotion, PromotionWindow, SpecialPrice
from mall.promotions.services import RuleRows
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db
Kind = Promotion.Kind


def messages_of(promotion: Promotion, rows: RuleRows | None = None) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.save_promotion(promotion, rows or RuleRows())
    return caught.value.messages


def draft(**fields) -> Promotion:
    return PromotionFactory.build(status=Promotion.Status.DRAFT, **fields)


@pytest.mark.parametrize(
    ("bp", "message"),
    [
        (-100, "折扣不能为负数"),
        (10_000, "折扣不能达到或超过 100%"),
        (12_000, "折扣不能达到或超过 100%"),
        (0, "请填写折扣"),
    ],
)
def test_percent_discount_between_nothing_and_everything(bp, message):
    assert message in messages_of(draft(discount_bp=bp))


def test_reduction_larger_than_its_threshold_is_refused_on_every_tier():
    promotion = draft(kind=Kind.REDUCTION, discount_bp=0, tiers=[[10_000, 2_000], [20_000, 25_000]])
    assert "满¥200.00减¥250.00：减免金额不能超过门槛" in messages_of(promotion)


def test_tiers_must_rise():
    promotion = draft(kind=Kind.REDUCTION, tiers=[[20_000, 3_000], [10_000, 5_000]])
    assert "阶梯门槛必须逐级递增" in messages_of(promotion)
    promotion = draft(kind=Kind.REDUCTION, tiers=[[10_000, 3_000], [20_000, 2_000]])
    assert "阶梯优惠必须逐级递增" in messages_of(promotion)


def test_tiered_rule_needs_tiers():
    assert "请填写阶梯，如 [[10000, 2000]]（满100元减20元）" in messages_of(
        draft(kind=Kind.REDUCTION, tiers=[])
    )


def test_order_discount_tier_over_100_percent():
    promotion = draft(kind=Kind.DISCOUNT, tiers=[[2, 10_000]], basis="quantity")
    assert "折扣不能达到或超过 100%" in messages_of(promotion)


def test_window_that_ends_before_it_starts():
    rows = RuleRows(windows=[PromotionWindow(start=time(21), end=time(20), weekdays=[])])
    assert "时段的结束时间必须晚于开始时间（跨零点请拆成两段）" in messages_of(draft(), rows)


def test_window_to_midnight_is_accepted():
    rows = RuleRows(windows=[PromotionWindow(start=time(20), end=time(0), weekdays=[5, 6])])
    promotion = services.save_promotion(draft(), rows)
    assert str(promotion.windows.get()) == "20:00–24:00"


def test_weekdays_are_0_to_6():
    rows = RuleRows(windows=[PromotionWindow(start=time(10), end=time(11), weekdays=[7])])
    assert "星期请填 0（周一）到 6（周日），如 [5, 6]" in messages_of(draft(), rows)


def test_ends_before_it_starts():
    now = timezone.now()
    promotion = draft(starts_at=now, ends_at=now - timedelta(hours=1))
    assert "结束时间必须晚于开始时间" in messages_of(promotion)


def test_budget_below_what_is_spent():
    promotion = PromotionFactory(budget=10_000)
    Promotion.objects.filter(pk=promotion.pk).update(spent=6_000)
    promotion.budget = 5_000
    assert "预算不能低于已使用的 ¥60.00" in messages_of(promotion)


def test_gift_without_stock(product):
    sku = product.skus.get()
    sku.stock = 0
    sku.save()
    promotion = draft(kind=Kind.GIFT, tiers=[[5_000, 0]], gift_sku=sku)
    assert "赠品没有库存，请先补货或换一个赠品" in messages_of(promotion)


def test_gift_quantity_above_its_stock(product):
    sku = product.skus.get()  # 100 in stock
    promotion = draft(kind=Kind.GIFT, tiers=[[5_000, 0]], gift_sku=sku, gift_quantity=101)
    assert "赠品库存只有 100 件，不够每单赠送 101 件" in messages_of(promotion)


def test_special_price_not_below_the_list_price(product):
    sku = product.skus.get()
    rows = RuleRows(special_prices=[SpecialPrice(sku=sku, unit_price=10_000)])
    assert "特价必须低于原价 ¥100.00" in messages_of(draft(kind=Kind.SPECIAL), rows)
    rows = RuleRows(special_prices=[SpecialPrice(sku=sku, unit_price=-1)])
    assert "特价不能为负数" in messages_of(draft(kind=Kind.SPECIAL), rows)


def test_special_without_prices():
    assert "特价活动至少要设置一个 SKU 的特价" in messages_of(draft(kind=Kind.SPECIAL))


def test_joint_shares_add_up_to_100_percent_once_each():
    a, b = ShopFactory(), ShopFactory()
    rows = RuleRows(
        joint_shares=[JointShare(shop=a, share_bp=5_000), JointShare(shop=b, share_bp=4_000)]
    )
    assert "联合出资比例合计须为 100%（现为 90%）" in messages_of(draft(), rows)
    rows = RuleRows(
        joint_shares=[JointShare(shop=a, share_bp=5_000), JointShare(shop=a, share_bp=5_000)]
    )
    assert "同一出资方只能出现一次" in messages_of(draft(), rows)


def test_nth_item_from_the_second_piece():
    assert "第N件优惠至少从第 2 件起" in messages_of(
        draft(kind=Kind.NTH_ITEM, nth=1, discount_bp=5_000)
    )


def test_shop_rule_naming_another_shops_products(shop, product):
    mine = ProductFactory(shop=shop)
    foreign = ProductFactory()
    foreign_sku = foreign.skus.get()
    promotion = draft(shop=shop, scope_product_ids=[mine.pk, foreign.pk])
    assert f"只能选择本店的商品：编号 {foreign.pk} 不属于本店" in messages_of(promotion)
    promotion = draft(shop=shop, kind=Kind.SPECIAL)
    rows = RuleRows(special_prices=[SpecialPrice(sku=foreign_sku, unit_price=100)])
    assert f"只能选择本店的商品：编号 {foreign_sku.pk} 不属于本店" in messages_of(promotion, rows)


def test_a_valid_rule_is_saved_with_its_rows(product):
    rows = RuleRows(windows=[PromotionWindow(start=time(10), end=time(11), weekdays=[])])
    promotion = services.save_promotion(draft(name="限时", slug=""), rows)
    assert promotion.slug
    assert promotion.windows.count() == 1
    assert promotion.events.get().kind == "created"
