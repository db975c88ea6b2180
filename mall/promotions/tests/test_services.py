"""Saving, moving and budgeting promotions: what changes, what is recorded, what is refused."""

import pytest
from django.db import transaction

from mall.pricing.breakdown import AppliedRule
from mall.pricing.rules import Layer
from mall.promotions import selectors, services
from mall.promotions.errors import BudgetExhausted, PromotionError
from mall.promotions.models import Promotion, PromotionUsage
from mall.promotions.services import RuleRows
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db
Status = Promotion.Status


def applied(promotion: Promotion, by_shop: dict[int, int]) -> AppliedRule:
    return AppliedRule(
        key=promotion.key, layer=Layer.ORDER, amount=sum(by_shop.values()), by_shop=by_shop
    )


def test_start_pause_resume_end_with_an_event_each():
    promotion = PromotionFactory(status=Status.DRAFT)
    for action, status in (
        ("start", Status.RUNNING),
        ("pause", Status.PAUSED),
        ("resume", Status.RUNNING),
        ("end", Status.ENDED),
    ):
        services.change_status(promotion, action)
        promotion.refresh_from_db()
        assert promotion.status == status
    kinds = list(promotion.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["started", "paused", "resumed", "ended"]


def test_a_move_from_the_wrong_state_is_refused_with_a_message():
    promotion = PromotionFactory(status=Status.RUNNING, name="双十二")
    with pytest.raises(PromotionError) as caught:
        services.start(promotion)
    assert caught.value.message == "“双十二”当前进行中：只有草稿可以开始"
    with pytest.raises(PromotionError):
        services.resume(promotion)
    assert promotion.events.count() == 0


def test_start_checks_the_rule_again(product):
    sku = product.skus.get()
    promotion = PromotionFactory(
        status=Status.DRAFT, kind=Promotion.Kind.GIFT, tiers=[[5_000, 0]], gift_sku=sku
    )
    sku.stock = 0
    sku.save()
    with pytest.raises(PromotionError) as caught:
        services.start(promotion)
    assert "赠品没有库存" in caught.value.message
    promotion.refresh_from_db()
    assert promotion.status == Status.DRAFT


def test_ended_promotions_cannot_be_edited():
    promotion = PromotionFactory(status=Status.ENDED)
    promotion.name = "改名"
    with pytest.raises(Exception, match="已结束的活动不能修改"):
        services.save_promotion(promotion, RuleRows())


def test_an_edit_never_writes_back_a_stale_spent():
    promotion = PromotionFactory(budget=10_000)
    stale = Promotion.objects.get(pk=promotion.pk)
    Promotion.objects.filter(pk=promotion.pk).update(spent=4_000)  # checkouts meanwhile
    stale.name = "改名"
    services.save_promotion(stale, None)
    promotion.refresh_from_db()
    assert (promotion.name, promotion.spent) == ("改名", 4_000)


def test_reserving_takes_budget_and_records_usage_per_order():
    promotion = PromotionFactory(budget=10_000)
    services.reserve_budgets(
        [applied(promotion, {1: 1_200, 2: 800})], order_ids_by_shop={1: 71, 2: 72}
    )
    promotion.refresh_from_db()
    assert promotion.spent == 2_000
    usages = set(PromotionUsage.objects.values_list("order_id", "amount"))
    assert usages == {(71, 1_200), (72, 800)}


def test_a_promotion_without_budget_records_usage_only():
    promotion = PromotionFactory()
    services.reserve_budgets([applied(promotion, {1: 500})], order_ids_by_shop={1: 9})
    promotion.refresh_from_db()
    assert promotion.spent == 0
    assert selectors.usage_of(promotion) == selectors.Usage(orders=1, amount=500)


def test_over_budget_is_refused_and_nothing_is_taken():
    promotion = PromotionFactory(budget=1_000, name="春节特惠")
    with pytest.raises(BudgetExhausted) as caught, transaction.atomic():
        services.reserve_budgets([applied(promotion, {1: 1_001})], order_ids_by_shop={1: 5})
    assert caught.value.message == "「春节特惠」的优惠名额已用完，请刷新后重新下单"
    promotion.refresh_from_db()
    assert promotion.spent == 0
    assert not PromotionUsage.objects.exists()


def test_spending_the_last_fen_stops_the_campaign_and_release_restarts_it(
    django_capture_on_commit_callbacks,
):
    promotion = PromotionFactory(budget=1_000)
    assert promotion.key in {rule.key for rule in selectors.active_rules()}  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        services.reserve_budgets([applied(promotion, {1: 1_000})], order_ids_by_shop={1: 5})
    promotion.refresh_from_db()
    assert (promotion.status, promotion.spent) == (Status.EXHAUSTED, 1_000)
    assert promotion.key not in {rule.key for rule in selectors.active_rules()}

    with django_capture_on_commit_callbacks(execute=True):
        services.release_for_orders([5])
        services.release_for_orders([5])  # idempotent
    promotion.refresh_from_db()
    assert (promotion.status, promotion.spent) == (Status.RUNNING, 0)
    assert PromotionUsage.objects.get().released_at is not None
    assert promotion.key in {rule.key for rule in selectors.active_rules()}


def test_coupons_and_price_lists_are_not_promotions():
    services.reserve_budgets(
        [AppliedRule(key="coupon:3", layer=Layer.COUPON, amount=500, by_shop={1: 500})],
        order_ids_by_shop={1: 5},
    )
    assert not PromotionUsage.objects.exists()


def test_raising_the_budget_of_an_exhausted_campaign_runs_it_again():
    promotion = PromotionFactory(budget=1_000)
    services.reserve_budgets([applied(promotion, {1: 1_000})], order_ids_by_shop={1: 5})
    promotion.refresh_from_db()
    promotion.budget = 2_000
    services.save_promotion(promotion, None)
    promotion.refresh_from_db()
    assert promotion.status == Status.RUNNING


def test_a_budget_set_later_counts_what_was_already_given():
    promotion = PromotionFactory()
    services.reserve_budgets([applied(promotion, {1: 700})], order_ids_by_shop={1: 5})
    promotion.budget = 1_000
    services.save_promotion(promotion, None)
    promotion.refresh_from_db()
    assert promotion.spent == 700
    assert promotion.budget_left == 300
