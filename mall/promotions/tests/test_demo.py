"""seed_demo's promotions: every kind, live, on the demo shops; a second run adds nothing."""

import pytest

from mall.catalog.tests.factories import ProductFactory
from mall.merchants.tests.factories import ShopFactory
from mall.promotions import demo, services, tasks
from mall.promotions.models import Promotion

pytestmark = pytest.mark.django_db
SLUGS = ("mi-home", "three-squirrels", "bestore", "jieli-daily", "li-ning", "anta",
         "hushang-fresh", "youpin-mart")  # fmt: skip


def test_seed_creates_every_kind_once_and_prices_the_catalogue(
    django_capture_on_commit_callbacks,
):
    products = {slug: ProductFactory(shop=ShopFactory(slug=slug), is_hot=True) for slug in SLUGS}
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
        demo.seed()
    assert Promotion.objects.count() == len(demo.CAMPAIGNS)
    assert set(Promotion.objects.values_list("kind", flat=True)) == set(Promotion.Kind.values)
    assert set(Promotion.objects.values_list("status", flat=True)) == {Promotion.Status.RUNNING}
    mi_home = products["mi-home"]
    mi_home.refresh_from_db()
    assert mi_home.promo_price_min is not None  # the all-day slot shows a 限时 price
    assert Promotion.objects.get(slug="sports-joint").joint_shares.count() == 2
    assert Promotion.objects.get(slug="cross-shop-300-50").budget == 500_000


def test_a_big_catalogue_is_repriced_once_by_the_worker(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Above the inline limit the command queues the repricing instead of doing it, once for
    all its campaigns (one by one, fifteen campaigns repriced the whole catalogue fifteen
    times)."""
    monkeypatch.setattr(demo.services, "REFRESH_INLINE_LIMIT", 0)
    queued = []
    monkeypatch.setattr(tasks.refresh_products, "delay", queued.append)
    ProductFactory(shop=ShopFactory(slug="mi-home"))
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    assert queued == [None]


def test_a_small_catalogue_is_repriced_once_in_the_command(
    monkeypatch, django_capture_on_commit_callbacks
):
    repricings = []
    reprice = services.refresh_catalogue_prices
    monkeypatch.setattr(
        services, "refresh_catalogue_prices", lambda ids: repricings.append(ids) or reprice(ids)
    )
    product = ProductFactory(shop=ShopFactory(slug="mi-home"), is_hot=True)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    assert repricings == [None]  # every product: some campaigns cover them all
    product.refresh_from_db()
    assert product.promo_price_min is not None
