"""Listings read promotion prices materialised per SKU: they change when a rule changes, when a
time slot opens or closes (Asia/Shanghai wall clock), and when a SKU's price changes."""

from datetime import datetime, time

import pytest
import time_machine

from mall.catalog import services as catalog_services
from mall.catalog.cache import catalog_generation
from mall.catalog.models import Product, Sku
from mall.catalog.tests.factories import ProductFactory
from mall.pricing.rules import SHANGHAI
from mall.promotions import services, tasks
from mall.promotions.models import Promotion, PromotionWindow, SpecialPrice
from mall.promotions.services import RuleRows
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db
MONDAY_10_30 = datetime(2026, 11, 30, 10, 30, tzinfo=SHANGHAI)


def slot_rule(shop, *, status=Promotion.Status.DRAFT) -> Promotion:
    """8折 on the shop's products, every day 10:00–11:00 and 20:00–21:00."""
    promotion = PromotionFactory.build(shop=shop, status=status, discount_bp=2_000)
    rows = RuleRows(
        windows=[
            PromotionWindow(start=time(10), end=time(11), weekdays=[]),
            PromotionWindow(start=time(20), end=time(21), weekdays=[]),
        ]
    )
    return services.save_promotion(promotion, rows)


def promo(product: Product) -> tuple:
    product.refresh_from_db()
    sku = product.skus.get()
    return sku.promo_price, product.promo_price_min, product.promo_until


def test_a_started_rule_prices_its_products_and_drops_cached_pages(
    shop, product, django_capture_on_commit_callbacks
):
    other = ProductFactory(skus__price=10_000)  # another shop: out of scope
    promotion = slot_rule(shop)
    generation = catalog_generation()
    with (
        time_machine.travel(MONDAY_10_30, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.start(promotion)
    assert promo(product) == (8_000, 8_000, datetime(2026, 11, 30, 11, tzinfo=SHANGHAI))
    assert product.promo_badge["code"]
    assert promo(other) == (None, None, None)
    assert catalog_generation() > generation

    with (
        time_machine.travel(MONDAY_10_30, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.pause(promotion)
    assert promo(product) == (None, None, None)
    assert product.promo_badge == {}


def test_the_periodic_task_follows_the_slot_opening_and_closing(shop, product):
    promotion = slot_rule(shop)
    Promotion.objects.filter(pk=promotion.pk).update(status=Promotion.Status.RUNNING)
    with time_machine.travel(datetime(2026, 11, 30, 9, 59, tzinfo=SHANGHAI), tick=False) as clock:
        tasks.refresh_due_prices()  # first run: everything
        assert promo(product)[0] is None

        clock.move_to(datetime(2026, 11, 30, 10, 0, 30, tzinfo=SHANGHAI))
        assert tasks.refresh_due_prices() == 1
        assert promo(product)[:2] == (8_000, 8_000)

        clock.move_to(datetime(2026, 11, 30, 10, 30, tzinfo=SHANGHAI))
        assert tasks.refresh_due_prices() == 0  # nothing opened or closed: nothing written

        clock.move_to(datetime(2026, 11, 30, 11, 0, 10, tzinfo=SHANGHAI))
        assert tasks.refresh_due_prices() == 1
        assert promo(product) == (None, None, None)

        clock.move_to(datetime(2026, 11, 30, 20, 0, 5, tzinfo=SHANGHAI))
        tasks.refresh_due_prices()
        assert promo(product) == (8_000, 8_000, datetime(2026, 11, 30, 21, tzinfo=SHANGHAI))


def test_the_periodic_task_ends_promotions_past_their_end(shop, product):
    start = datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)
    promotion = PromotionFactory(
        shop=shop, starts_at=start, ends_at=datetime(2026, 11, 30, 12, tzinfo=SHANGHAI)
    )
    with time_machine.travel(datetime(2026, 11, 30, 11, tzinfo=SHANGHAI), tick=False) as clock:
        tasks.refresh_due_prices()
        assert promo(product)[0] == 8_000
        clock.move_to(datetime(2026, 11, 30, 12, 1, tzinfo=SHANGHAI))
        tasks.refresh_due_prices()
    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.ENDED
    assert promo(product)[0] is None


def test_a_sku_price_change_reprices_its_product(shop, product, django_capture_on_commit_callbacks):
    PromotionFactory(shop=shop, discount_bp=1_000)
    services.refresh_catalogue_prices()
    assert promo(product)[0] == 9_000
    sku = product.skus.get()
    Sku.objects.filter(pk=sku.pk).update(price=20_000)
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.refresh_product_summary(product)  # sends prices_changed on commit
    assert promo(product)[0] == 18_000


def test_the_lowest_sku_sets_the_products_price_and_only_changes_are_written(shop):
    product = ProductFactory(
        shop=shop, skus=[(["红"], 10_000, 5), (["蓝"], 6_000, 5)], skus__spec_names=["颜色"]
    )
    special = PromotionFactory.build(shop=shop, kind=Promotion.Kind.SPECIAL, discount_bp=0)
    red = product.skus.get(spec_values=["红"])
    services.save_promotion(
        special, RuleRows(special_prices=[SpecialPrice(sku=red, unit_price=5_000)])
    )
    assert services.refresh_catalogue_prices([product.pk]) == 1
    product.refresh_from_db()
    assert product.promo_price_min == 5_000
    assert product.promo_badge["code"] == "special"
    assert services.refresh_catalogue_prices([product.pk]) == 0


def test_invisible_products_show_no_promotion(shop, product):
    PromotionFactory(shop=shop)
    services.refresh_catalogue_prices()
    assert promo(product)[0] == 8_000
    Product.objects.filter(pk=product.pk).update(status=Product.Status.OFF_SHELF)
    services.refresh_catalogue_prices()
    assert promo(product) == (None, None, None)


def test_tags_of_rules_that_do_not_cut_the_price(shop, product):
    PromotionFactory(
        shop=shop, kind=Promotion.Kind.REDUCTION, tiers=[[10_000, 2_000]], discount_bp=0
    )
    PromotionFactory(kind=Promotion.Kind.FREE_SHIPPING, discount_bp=0, threshold=9_900)
    services.refresh_catalogue_prices()
    product.refresh_from_db()
    assert product.promo_price_min is None
    assert product.promo_tags == ["free_shipping", "reduction"]


def test_a_rule_over_everything_reprices_every_product(django_capture_on_commit_callbacks):
    products = ProductFactory.create_batch(3, skus__price=10_000)
    promotion = PromotionFactory(status=Promotion.Status.DRAFT, discount_bp=3_000)
    with django_capture_on_commit_callbacks(execute=True):
        services.start(promotion)  # through the worker (eager here): no scope to list
    assert [promo(p)[0] for p in products] == [7_000, 7_000, 7_000]


def test_batches_cover_every_product(shop, monkeypatch):
    monkeypatch.setattr(services, "REFRESH_BATCH", 2)
    products = ProductFactory.create_batch(5, shop=shop, skus__price=10_000)
    PromotionFactory(shop=shop, discount_bp=1_000)
    assert services.refresh_catalogue_prices() == 5
    assert [promo(p)[0] for p in products] == [9_000] * 5
