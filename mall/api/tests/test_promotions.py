"""Promotion prices in the API: the materialised columns (set directly here, as the promotions
app's refresh writes them) as the storefront's cards and product page show them."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from mall.catalog.models import Product, Sku

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def promoted(catalog):
    """The shirt's red M at ¥47.20 (8折) until 12:00 UTC, with 满减 and 包邮 besides."""
    shirt = catalog["shirt"]
    Sku.objects.filter(product=shirt, spec_values=["红色", "M"]).update(promo_price=4720)
    Product.objects.filter(pk=shirt.pk).update(
        promo_price_min=4720,
        promo_until=NOW + timedelta(hours=2),
        promo_badge={"code": "time_slot", "params": {"kind": "percent", "discount_bp": 2000}},
        promo_tags=["reduction", "free_shipping"],
    )
    return shirt


def item_of(data: dict, product: Product) -> dict:
    return next(item for item in data["items"] if item["id"] == product.pk)


def test_a_list_item_carries_the_promotion(get, catalog, promoted, clock):
    item = item_of(get("/products").data, promoted)
    assert item["price_min"] == {"fen": 5900, "display": "¥59.00"}
    assert item["promo_price"] == {"fen": 4720, "display": "¥47.20"}
    assert item["promo_badge"] == "限时 8折"
    assert item["promo_tags"] == ["满减", "包邮"]
    assert item["promo_until"] == "2026-11-26T20:00:00+08:00"


def test_an_item_without_promotion_has_none(get, catalog, promoted, clock):
    item = item_of(get("/products").data, catalog["plain"])
    assert item["promo_price"] is None and item["promo_until"] is None
    assert (item["promo_badge"], item["promo_tags"]) == ("", [])


def test_the_detail_prices_each_sku(get, catalog, promoted, clock):
    data = get(f"/products/{promoted.pk}").data
    assert data["promo_price"]["fen"] == 4720
    skus = {tuple(s["spec_values"]): s["promo_price"] for s in data["skus"]}
    assert skus == {
        ("红色", "M"): {"fen": 4720, "display": "¥47.20"},
        ("红色", "L"): None,
        ("蓝色", "M"): None,
    }


def test_an_ended_promotion_is_not_offered(get, catalog, promoted, clock):
    clock.shift(timedelta(hours=2))
    data = get(f"/products/{promoted.pk}").data
    assert data["promo_price"] is None and data["promo_until"] is None
    assert all(s["promo_price"] is None for s in data["skus"])


def test_the_price_sort_goes_by_the_promotion_price(get, catalog, promoted, clock):
    Product.objects.filter(pk=promoted.pk).update(promo_price_min=1000)
    names = [i["name"] for i in get("/products", sort="price_asc").data["items"]]
    assert names.index("李宁速干T恤") < names.index("纯棉白T")


def test_a_cached_answer_ends_with_the_promotion(local_cache, get, catalog, promoted, clock):
    Product.objects.filter(pk=promoted.pk).update(promo_until=NOW + timedelta(seconds=90))
    assert item_of(get("/products").data, promoted)["promo_price"] is not None
    clock.shift(timedelta(seconds=80))
    Product.objects.filter(pk=promoted.pk).update(name="改名未清缓存")
    assert item_of(get("/products").data, promoted)["name"] == "李宁速干T恤"  # cached
    clock.shift(timedelta(seconds=11))
    item = item_of(get("/products").data, promoted)
    assert item["name"] == "改名未清缓存" and item["promo_price"] is None
