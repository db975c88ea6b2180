"""What shoppers see of promotions: the materialised promotion columns (set here directly on the
rows, as promotions.services.refresh_catalogue_prices writes them) on cards, the product page,
sorting, the home shelves and the cache's lifetime."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from mall.catalog import selectors
from mall.catalog.filters import Sort
from mall.catalog.models import Product, Sku
from mall.catalog.tests.factories import ProductFactory
from mall.pricing.rules import SHANGHAI
from mall.promotions import services as promotion_services
from mall.promotions.models import Promotion
from mall.promotions.tests.factories import PromotionFactory
from mall.storefront.tests.factories import BannerFactory, png_upload

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai
TIME_SLOT = {"code": "time_slot", "params": {"kind": "percent", "discount_bp": 2000}}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def promote(product: Product, prices: dict[str, int], **fields) -> Product:
    """Give SKUs (by spec label, "" for a plain SKU) promotion prices and the product its
    lowest one with `fields` (promo_until, promo_badge, promo_tags)."""
    for sku in Sku.objects.filter(product=product):
        sku.promo_price = prices.get(sku.spec_label)
        sku.save(update_fields=["promo_price"])
    fields.setdefault("promo_badge", TIME_SLOT)
    Product.objects.filter(pk=product.pk).update(promo_price_min=min(prices.values()), **fields)
    product.refresh_from_db()
    return product


def body(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def card_of(html: str, product: Product) -> str:
    """The listing card of `product` in a page."""
    start = html.index(f'href="/product/{product.pk}/"')
    return html[start : html.index("</a>", start)]


def test_a_card_shows_the_promotion_price_over_the_struck_list_price(client, shirts, clock):
    leaf, _, red, _ = shirts
    promote(
        red,
        {"红色 / M": 4720, "蓝色 / M": 6320},
        promo_until=NOW + timedelta(hours=2, minutes=13, seconds=5),
        promo_tags=["reduction", "free_shipping"],
    )
    card = card_of(body(client, reverse("storefront:category", args=[leaf.slug])), red)
    assert '<strong class="price">¥47.20</strong>' in card
    assert "<s>¥59.00</s>" in card and "¥158.00" not in card  # one struck price: the list price
    assert '<span class="promo-badge">限时 8折</span>' in card
    assert '<span class="promo-tag">满减</span><span class="promo-tag">包邮</span>' in card
    assert 'data-promo-end="2026-11-26T20:13:05+08:00"' in card
    assert ">距结束 02:13:05</time>" in card


def test_a_single_price_product_under_promotion_is_no_from_price(client, shirts, clock):
    leaf = shirts[0]
    tea = ProductFactory(category=leaf, name="明前龙井", skus=[([], 10_000, 5)])
    promote(tea, {"": 8000})
    card = card_of(body(client, reverse("storefront:category", args=[leaf.slug])), tea)
    assert '<strong class="price">¥80.00</strong>' in card and "起" not in card


def test_a_card_without_promotion_keeps_the_market_price_struck(client, shirts):
    leaf, _, _, plain = shirts
    card = card_of(body(client, reverse("storefront:category", args=[leaf.slug])), plain)
    assert '<strong class="price">¥29.00</strong>' in card and "<s>¥58.00</s>" in card
    assert "promo-badge" not in card and "data-promo-end" not in card


@pytest.mark.parametrize(
    "fields",
    [
        {"promo_until": NOW - timedelta(seconds=1)},  # ended, columns not refreshed yet
        {"promo_price_min": 5900},  # not below the list price
    ],
)
def test_a_promotion_that_is_over_or_no_cut_shows_the_list_price(client, shirts, clock, fields):
    leaf, _, red, _ = shirts
    promote(red, {"红色 / M": 4720})
    Product.objects.filter(pk=red.pk).update(**fields)
    card = card_of(body(client, reverse("storefront:category", args=[leaf.slug])), red)
    assert '<strong class="price">¥59.00</strong>' in card and "<s>¥158.00</s>" in card
    assert "promo-badge" not in card and "data-promo-end" not in card


def test_a_long_promotion_counts_days(client, shirts, clock):
    leaf, _, red, _ = shirts
    promote(red, {"红色 / M": 4720}, promo_until=NOW + timedelta(days=3, seconds=61))
    card = card_of(body(client, reverse("storefront:category", args=[leaf.slug])), red)
    assert ">距结束 3天 00:01:01</time>" in card


def test_search_results_use_the_same_card(client, shirts, clock):
    _, _, red, _ = shirts
    promote(red, {"红色 / M": 4720}, promo_until=NOW + timedelta(hours=1))
    html = body(client, reverse("search:results"), q="速干")
    assert "¥47.20" in html and "限时 8折" in html and "距结束 01:00:00" in html


def test_the_product_page_shows_the_promotion_and_a_countdown(client, shirts, clock):
    _, _, red, _ = shirts
    promote(
        red,
        {"红色 / M": 4720, "蓝色 / M": 6320},
        promo_until=NOW + timedelta(minutes=90),
        promo_tags=["gift"],
    )
    html = body(client, reverse("storefront:product", args=[red.pk]))
    price = html[html.index('id="price-area"') : html.index('class="sku-picker"')]
    assert "促销价" in price and "¥47.20 – ¥69.00" in price  # 蓝色 M's ¥63.20, 红色 L's ¥69.00
    assert '<s class="price-box__market" data-sku-market data-range="¥59.00 – ¥79.00">' in price
    assert "限时 8折" in price and '<span class="promo-tag">买赠</span>' in price
    assert 'data-promo-end="2026-11-26T19:30:00+08:00"' in price and "data-reload" in price
    assert ">距结束 01:30:00</time>" in price and "11月26日 19:30 结束" in price


def test_the_sku_picker_prices_each_sku_as_shown(client, shirts, clock):
    _, _, red, _ = shirts
    promote(red, {"红色 / M": 4720, "蓝色 / M": 6320}, promo_until=NOW + timedelta(hours=1))
    html = body(client, reverse("storefront:product", args=[red.pk]))
    data = json.loads(re.search(r'id="sku-data" type="application/json">(.*?)</script>', html)[1])
    skus = {tuple(s["values"]): (s["price"], s["market_price"]) for s in data["skus"]}
    assert skus == {
        ("红色", "M"): ("¥47.20", "¥59.00"),
        ("红色", "L"): ("¥69.00", "¥138.00"),  # no promotion: its 划线价 stays
        ("蓝色", "M"): ("¥63.20", "¥79.00"),
    }
    form = html[html.index('class="buy-form"') : html.index("</form>", html.index("buy-form"))]
    assert f'action="{reverse("cart:add")}"' in form and "红色 / M · ¥47.20" in form


def test_the_product_page_embeds_the_coupon_fragment(client, shirts):
    _, _, red, _ = shirts
    html = body(client, reverse("storefront:product", args=[red.pk]))
    assert f'hx-get="{reverse("coupons:for_product", args=[red.pk])}"' in html
    shop = body(client, reverse("storefront:shop", args=[red.shop.slug]))
    assert f'hx-get="{reverse("coupons:for_shop", args=[red.shop_id])}"' in shop


def test_json_ld_offers_the_price_shoppers_see_until_it_ends(client, shirts, clock):
    _, _, red, _ = shirts
    promote(red, {"红色 / M": 4720}, promo_until=datetime(2026, 11, 26, 16, 30, tzinfo=UTC))
    html = body(client, reverse("storefront:product", args=[red.pk]))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["offers"]["lowPrice"] == "47.20" and data["offers"]["highPrice"] == "79.00"
    assert data["offers"]["priceValidUntil"] == "2026-11-27"  # 00:30 in Shanghai


def test_sorting_and_filtering_by_price_use_the_price_shown(client, shirts, clock):
    leaf, _, red, plain = shirts
    cheap = ProductFactory(category=leaf, name="促销背心", skus__price=3500)
    promote(cheap, {"": 1900}, promo_until=NOW + timedelta(hours=1))
    url = reverse("storefront:category", args=[leaf.slug])
    html = body(client, url, sort="price_asc")
    assert html.index(cheap.name) < html.index(plain.name) < html.index(red.name)
    html = body(client, url, sort="price_desc")
    assert html.index(red.name) < html.index(plain.name) < html.index(cheap.name)
    html = body(client, url, price_max="20")
    assert cheap.name in html and plain.name not in html


def test_the_home_page_has_a_deals_shelf_deepest_cut_first(client, shirts, clock):
    leaf, _, red, plain = shirts
    half = ProductFactory(category=leaf, name="五折卫衣", skus__price=10000)
    promote(half, {"": 5000}, promo_until=NOW + timedelta(hours=1))
    promote(red, {"红色 / M": 4720})
    ended = ProductFactory(category=leaf, name="已结束的特价", skus__price=10000)
    promote(ended, {"": 1000}, promo_until=NOW - timedelta(minutes=1))
    html = body(client, "/")
    shelf = html[
        html.index('id="shelf-deals"') : html.index("</section>", html.index("shelf-deals"))
    ]
    assert shelf.index(half.name) < shelf.index(red.name)
    assert plain.name not in shelf and ended.name not in shelf


def test_no_deals_shelf_without_promotions(client, shirts):
    assert 'id="shelf-deals"' not in body(client, "/")


def test_a_cached_page_lives_no_longer_than_its_first_promotion(
    local_cache, client, shirts, clock, django_assert_num_queries
):
    leaf, _, red, _ = shirts
    promote(red, {"红色 / M": 4720}, promo_until=NOW + timedelta(seconds=90))
    urls = [reverse("storefront:category", args=[leaf.slug]), "/"]
    urls.append(reverse("storefront:product", args=[red.pk]))
    for url in urls:
        assert "¥47.20" in body(client, url)
    clock.shift(timedelta(seconds=80))
    for url in urls:
        with django_assert_num_queries(0):
            assert "¥47.20" in body(client, url)  # still cached, still true
    clock.shift(timedelta(seconds=11))  # past promo_until: rebuilt, though nothing bumped
    for url in urls:
        html = body(client, url)
        assert "¥47.20" not in html and "¥59.00" in html


def test_cached_pages_without_promotions_keep_the_usual_lifetime(
    local_cache, client, shirts, clock
):
    leaf, _, red, _ = shirts
    url = reverse("storefront:category", args=[leaf.slug])
    body(client, url)
    Product.objects.filter(pk=red.pk).update(name="改名但未清缓存")  # no generation bump
    clock.shift(timedelta(seconds=299))
    assert "改名但未清缓存" not in body(client, url)
    clock.shift(timedelta(seconds=2))
    assert "改名但未清缓存" in body(client, url)


def test_countdowns_are_in_shanghai_time(client, shirts, clock):
    red = shirts[2]
    until = datetime(2026, 11, 26, 21, 0, tzinfo=SHANGHAI)
    promote(red, {"红色 / M": 4720}, promo_until=until)
    html = body(client, reverse("storefront:product", args=[red.pk]))
    assert 'datetime="2026-11-26T21:00:00+08:00"' in html and "11月26日 21:00 结束" in html


# --- the promotions that apply, campaigns (promotion rows, as the promotions app keeps them) ---


def test_the_product_page_lists_the_promotions_that_apply(client, shirts):
    _, _, red, plain = shirts
    PromotionFactory(
        name="店铺满减", kind=Promotion.Kind.REDUCTION, shop=red.shop, tiers=[[10000, 2000]]
    )
    PromotionFactory(
        name="会员包邮", kind=Promotion.Kind.FREE_SHIPPING, shop=red.shop, min_member_rank=1
    )
    PromotionFactory(
        name="别家满减", kind=Promotion.Kind.REDUCTION, shop=plain.shop, tiers=[[5000, 500]]
    )
    html = body(client, reverse("storefront:product", args=[red.pk]))
    block = html[
        html.index('id="promo-title"') : html.index("</section>", html.index("promo-title"))
    ]
    assert (
        '<span class="promo-tag">满减</span><span class="promo-list__text">满100减20</span>'
        in block
    )
    assert (
        '<span class="promo-list__text">包邮</span><span class="promo-list__who">会员专享</span>'
        in block
    )
    assert "满50减5" not in block


def test_the_promotion_lines_follow_the_language_and_the_rules(
    client, shirts, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = False  # every request builds the block again
    red = shirts[2]
    PromotionFactory(kind=Promotion.Kind.REDUCTION, shop=red.shop, tiers=[[10000, 2000]])
    url = reverse("storefront:product", args=[red.pk])
    assert "满100减20" in body(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = body(client, url)
    assert "满100减20" not in english and "20 off at 100 or more" in english
    bigger = PromotionFactory(
        kind=Promotion.Kind.REDUCTION, shop=red.shop, tiers=[[30000, 5000]],
        status=Promotion.Status.DRAFT,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # a new version of the rules
        promotion_services.start(bigger)
    assert "50 off at 300 or more" in body(client, url)


def test_a_rule_change_shows_on_a_cached_product_page(
    client, shirts, django_capture_on_commit_callbacks
):
    red = shirts[2]
    url = reverse("storefront:product", args=[red.pk])
    assert 'id="promo-title"' not in body(client, url)
    promotion = PromotionFactory(
        kind=Promotion.Kind.NTH_ITEM, shop=red.shop, status=Promotion.Status.DRAFT, nth=2,
        discount_bp=5000,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        promotion_services.start(promotion)
    assert "第2件5折" in body(client, url)


def test_the_home_carousel_leads_with_running_campaigns(client, shirts):
    BannerFactory(title="运营横幅")
    PromotionFactory(
        name="双十二狂欢", slug="double-12", show_on_home=True,
        banner=png_upload("b.png"),
    )  # fmt: skip
    PromotionFactory(name="未上首页", slug="quiet", show_on_home=True)  # no banner
    html = body(client, "/")
    carousel = html[
        html.index("data-carousel") : html.index("</section>", html.index("data-carousel"))
    ]
    assert carousel.index("双十二狂欢") < carousel.index("运营横幅")
    assert f'href="{reverse("promotions:campaign", args=["double-12"])}"' in carousel
    assert "未上首页" not in carousel


def test_the_home_page_drops_a_campaign_when_it_ends(local_cache, client, shirts, clock):
    PromotionFactory(
        name="限时快闪", slug="flash", show_on_home=True, ends_at=NOW + timedelta(seconds=60),
        banner=png_upload("b.png"),
    )  # fmt: skip
    assert "限时快闪" in body(client, "/")
    clock.shift(timedelta(seconds=61))
    assert "限时快闪" not in body(client, "/")


@pytest.mark.parametrize("sort", [Sort.PRICE_ASC, Sort.PRICE_DESC])
def test_a_categorys_price_sort_reads_the_shown_price_index(shirts, sort):
    leaf = shirts[0]
    query = selectors.product_cards(Product.objects.filter(status="on_sale", category=leaf))
    sql, params = query.order_by(*selectors.LISTING_ORDER[sort])[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a three-row table is read whole, or sorted
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "product_cat_shown_price" in plan and "TEMP B-TREE FOR ORDER BY" not in plan
