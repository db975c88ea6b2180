"""The product card's markup (storefront.cards.card_html), drawn from plain card values."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from markupsafe import Markup

from mall.catalog.selectors import ProductCard, Ref
from mall.storefront.cards import card_html, card_setting
from mall.storefront.routes import Links

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def card(**fields) -> ProductCard:
    values = {
        "pk": 7,
        "name": "清扬男士去屑洗发水",
        "subtitle": "",
        "price_min": 5900,
        "price_max": 5900,
        "market_price": 0,
        "stock_total": 10,
        "sales_count": 12,
        "cover": "",
        "is_new": False,
        "is_hot": False,
        "is_recommended": False,
        "promo_price_min": None,
        "promo_until": None,
        "promo_badge": {},
        "promo_tags": [],
        "shop": Ref(1, "清扬官方旗舰店", "clear"),
        "brand": None,
    }
    return ProductCard(**{**values, **fields})


def draw(product: ProductCard, language: str = "zh-hans", **options) -> str:
    with translation.override(language):
        return card_html(product, card_setting(language, Links.current()), now=NOW, **options)


def test_a_card_links_to_its_product_and_shows_price_shop_and_sales():
    html = draw(card())
    assert isinstance(html, Markup)
    assert f'href="{reverse("storefront:product", args=[7])}"' in html
    assert '<strong class="price">¥59.00</strong>' in html
    assert '<span class="product-card__shop">清扬官方旗舰店</span> <span>12 人付款</span>' in html
    assert "product-card__soldout" not in html and "product-card__rank" not in html


def test_names_are_escaped_and_a_search_highlight_is_kept_as_markup():
    evil = card(name="<script>alert(1)</script>", shop=Ref(1, "<b>店</b>", "shop"))
    html = draw(evil)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;店&lt;/b&gt;" in html
    highlighted = draw(card(), highlighted_name=Markup("清扬男士去屑<em>洗发水</em>"))
    assert '<h3 class="product-card__name">清扬男士去屑<em>洗发水</em></h3>' in highlighted


@pytest.mark.parametrize(
    ("rank", "css"), [(1, "product-card__rank is-top"), (4, "product-card__rank")]
)
def test_a_hot_shelf_card_shows_its_rank(rank, css):
    assert f'<span class="{css}">{rank}</span>' in draw(card(), rank=rank)


def test_sold_out_new_and_from_price_in_english():
    html = draw(card(stock_total=0, is_new=True, price_max=7900), "en")
    assert '<span class="product-card__soldout">Sold out</span>' in html
    assert '<span class="badge badge--new">New</span>' in html
    assert '<span class="price-from">' in html


def test_a_running_time_slot_price_strikes_the_list_price_and_counts_down():
    ends = NOW + timedelta(hours=2)
    html = draw(card(promo_price_min=4700, promo_until=ends, promo_tags=["time_slot"]))
    assert '<strong class="price">¥47.00</strong> <s>¥59.00</s>' in html
    assert '<p class="product-card__countdown"><time class="countdown"' in html
    assert "距结束 02:00:00" in html
