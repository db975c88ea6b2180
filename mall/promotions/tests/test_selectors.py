"""The engine's rules from the database: conversion, caching and invalidation; the scope's
products; the home page's campaigns."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mall.catalog.tests.factories import CategoryFactory, ProductFactory
from mall.merchants.tests.factories import ShopFactory
from mall.pricing import next_change
from mall.pricing.rules import (
    SHANGHAI,
    Audience,
    CatalogueRule,
    OrderKind,
    OrderRule,
    Schedule,
    ShippingRule,
    Tier,
    Window,
)
from mall.promotions import selectors, services
from mall.promotions.models import JointShare, Promotion, PromotionWindow
from mall.promotions.services import RuleRows
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db
Kind = Promotion.Kind


def test_rule_for_carries_schedule_audience_funding_and_budget(product):
    a, b = ShopFactory(), ShopFactory()
    promotion = PromotionFactory.build(
        kind=Kind.REDUCTION, tiers=[[10_000, 2_000], [20_000, 5_000]], discount_bp=0,
        min_member_rank=1, audience_groups=["agent"], budget=9_000, exclusive_group="x",
    )  # fmt: skip
    rows = RuleRows(
        windows=[PromotionWindow(start=time(20), end=time(21), weekdays=[5, 6])],
        joint_shares=[JointShare(shop=a, share_bp=5_000), JointShare(shop=b, share_bp=5_000)],
    )
    promotion = services.save_promotion(promotion, rows)
    rule = selectors.rule_for(selectors.with_rule_rows(Promotion.objects.all()).get())
    assert isinstance(rule, OrderRule)
    assert rule.key == f"promotion:{promotion.pk}"
    assert rule.kind == OrderKind.REDUCTION
    assert rule.tiers == (Tier(10_000, 2_000), Tier(20_000, 5_000))
    assert rule.schedule.windows == (Window(time(20), time(21), frozenset({5, 6})),)
    assert rule.audience == Audience(min_member_rank=1, groups=frozenset({"agent"}))
    assert rule.funding == ((a.pk, 5_000), (b.pk, 5_000))
    assert (rule.budget_left, rule.exclusive_group) == (9_000, "x")


def test_layers_by_kind(product):
    sku = product.skus.get()
    gift = PromotionFactory(kind=Kind.GIFT, tiers=[[5_000, 0]], gift_sku=sku)
    shipping = PromotionFactory(kind=Kind.FREE_SHIPPING, threshold=9_900, region_prefixes=["31"])
    percent = PromotionFactory()
    rules = {rule.key: rule for rule in selectors.active_rules()}
    assert (rules[gift.key].gift_sku_id, rules[gift.key].gift_shop_id) == (sku.pk, sku.shop_id)
    assert isinstance(rules[shipping.key], ShippingRule)
    assert rules[shipping.key].region_prefixes == ("31",)
    assert isinstance(rules[percent.key], CatalogueRule)


def test_active_rules_leave_out_drafts_paused_ended_exhausted_and_past():
    running = PromotionFactory()
    scheduled = PromotionFactory(starts_at=timezone.now() + timedelta(days=3))
    for status in ("draft", "paused", "ended", "exhausted"):
        PromotionFactory(status=status)
    PromotionFactory(ends_at=timezone.now() - timedelta(minutes=1))
    keys = {rule.key for rule in selectors.active_rules()}
    assert keys == {running.key, scheduled.key}


def test_active_rules_are_cached_until_a_change(django_capture_on_commit_callbacks):
    promotion = PromotionFactory(status="draft")
    PromotionFactory.create_batch(3)
    assert len(selectors.active_rules()) == 3
    with CaptureQueriesContext(connection) as warm:
        assert len(selectors.active_rules()) == 3
    assert len(warm.captured_queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.start(promotion)
    assert promotion.key in {rule.key for rule in selectors.active_rules()}


def test_a_cold_build_takes_a_few_queries_whatever_the_number_of_rules():
    PromotionFactory.create_batch(10)
    with CaptureQueriesContext(connection) as cold:
        selectors.active_rules()
    assert len(cold.captured_queries) <= 4


def test_scope_products_follow_category_tree_tags_shop_and_exclusions(shop):
    top = CategoryFactory()
    leaf = CategoryFactory(parent=top, level=2)
    inside = ProductFactory(shop=shop, category=leaf, is_new=True)
    excluded = ProductFactory(shop=shop, category=leaf, is_new=True)
    ProductFactory(shop=shop, category=leaf)  # not new
    ProductFactory(category=leaf, is_new=True)  # another shop
    promotion = PromotionFactory(
        shop=shop, scope_category_ids=[top.pk], scope_tags=["new"],
        scope_excluded_product_ids=[excluded.pk],
    )  # fmt: skip
    assert selectors.scope_product_ids(promotion) == [inside.pk]
    assert selectors.scope_product_ids(PromotionFactory()) is None  # everything


def test_home_campaigns_have_a_banner_are_started_and_chosen_for_home():
    shown = PromotionFactory(show_on_home=True, banner="campaigns/a.jpg")
    PromotionFactory(show_on_home=True)  # no banner
    PromotionFactory(banner="campaigns/b.jpg")  # not for the home page
    PromotionFactory(
        show_on_home=True, banner="campaigns/c.jpg", starts_at=timezone.now() + timedelta(days=1)
    )
    PromotionFactory(show_on_home=True, banner="campaigns/d.jpg", status="draft")
    assert selectors.home_campaigns() == [shown]


SLOT_RULES = (
    CatalogueRule(
        key="promotion:slots",
        name="限时",
        schedule=Schedule(windows=(Window(time(10), time(11)), Window(time(20), time(21)))),
    ),
)
ENDING_RULES = (
    CatalogueRule(
        key="promotion:ending",
        name="清仓",
        schedule=Schedule(ends_at=datetime(2026, 12, 1, tzinfo=SHANGHAI)),
    ),
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([SLOT_RULES, ENDING_RULES]),
            st.datetimes(min_value=datetime(2026, 11, 20), max_value=datetime(2026, 12, 10)).map(
                lambda moment: moment.replace(tzinfo=SHANGHAI)
            ),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_remembered_next_change_is_always_the_one_worked_out_afresh(asks):
    for rules, moment in asks:
        assert selectors.next_rules_change(rules, moment) == next_change(rules, moment)
