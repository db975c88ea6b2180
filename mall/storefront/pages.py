"""The storefront's pages as cacheable parts: head data (title, description, canonical, JSON-LD)
and the body HTML. Bodies are rendered without the request, so nothing about the visitor (login,
CSRF token) can end up in them; the header around them is rendered per request.

Cache entries are keyed by the catalog generation (`mall.catalog.cache`), which every product
change bumps, so a changed product never shows stale data.
"""

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mall.backoffice.selectors import shop_profile
from mall.catalog import selectors
from mall.catalog.cache import cache_key
from mall.catalog.filters import ListingFilters
from mall.catalog.models import Product
from mall.core import promo_text
from mall.pricing import rules_for_any, sku_items, tag_of
from mall.pricing.rules import EVERYONE, CatalogueItem, Rule
from mall.promotions.selectors import active_rules, next_rules_change
from mall.storefront import jinja, listing, picker, promo, routes, seo
from mall.storefront.models import Banner

PAGE_CACHE_SECONDS = 300
HOME_SHELF_SIZE = 10
T = TypeVar("T")


@dataclass
class PageParts:
    title: str
    description: str
    canonical: str
    body: str
    og_type: str = "website"
    og_image: str = ""
    json_ld: dict | None = None
    aside: str = ""  # the home page's desktop category menu beside the banners
    # The page must be rebuilt by then: a promotion price or a promotion on it ends (a
    # countdown's end is never served from the cache past it). None = only the usual lifetime.
    fresh_until: datetime | None = None

    def seconds_left(self, longest: int = PAGE_CACHE_SECONDS) -> int:
        return seconds_until(self.fresh_until, longest)


def seconds_until(moment: datetime | None, longest: int = PAGE_CACHE_SECONDS) -> int:
    """How long something that changes at `moment` may be kept: at most `longest`, at least 1."""
    if moment is None:
        return longest
    left = math.floor((moment - timezone.now()).total_seconds())
    return max(1, min(longest, left))


def earliest(*moments: datetime | None) -> datetime | None:
    return min((m for m in moments if m is not None), default=None)


def cached(
    key_parts: tuple, build: Callable[[], T], seconds: Callable[[T], int] | None = None
) -> T:
    """The value from the cache, or built and stored for `seconds(value)` seconds. Keys carry
    the catalog generation and the language; `settings.PAGE_CACHE_ENABLED` turns caching off."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return build()
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()[:40]
    key = cache_key("page", get_language(), digest)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds(value) if seconds else PAGE_CACHE_SECONDS)
    return value


def cached_page(key_parts: tuple, build: Callable[[], PageParts]) -> PageParts:
    """The page's parts, kept no longer than they stay true (`PageParts.fresh_until`)."""
    return cached(("parts", *key_parts), build, PageParts.seconds_left)


def optional_url(name: str, *args, links: routes.Links | None = None) -> str:
    """The route's URL, or '' while the app that provides it has none by that name."""
    try:
        return (links or routes.Links.current()).url(name, *args)
    except NoReverseMatch:
        return ""


def filters_fingerprint(filters: ListingFilters) -> str:
    """Equal for requests that show the same listing (tracking parameters don't count)."""
    query = "&".join(f"{k}={v}" for k, v in listing.query_params(filters))
    return "|".join([query, *filters.errors])


def site_title(name: str) -> str:
    return _("%(name)s - 沪上商城") % {"name": name}


def home_page() -> PageParts:
    sections = selectors.home_sections(HOME_SHELF_SIZE)
    context = {"categories": selectors.category_tree(), "sections": sections}
    aside = jinja.render("storefront/_hero_categories.html", context)
    return PageParts(
        title=_("沪上商城 - 上海商场的线上商城，正品好物送到家"),
        description=_("沪上商城：上海商场的线上商城，数百家品牌门店，正品好物，送货到家。"),
        canonical=seo.canonical_url(reverse("storefront:home")),
        body=jinja.render("storefront/home_body.html", context),
        aside=aside,
        fresh_until=promo.earliest_end(card for shelf in sections.values() for card in shelf),
    )


@dataclass(frozen=True)
class Slide:
    """A slide of the home carousel: a running campaign's banner or an operator's banner."""

    title: str
    subtitle: str
    image_url: str
    href: str


def carousel(campaigns: Iterable, banners: Iterable[Banner]) -> list[Slide]:
    """Campaign banners (promotions.selectors.home_campaigns: linking to their landing page)
    first, then the operator's live banners."""
    slides = [
        Slide(c.name, "", c.banner.url, optional_url("promotions:campaign", c.slug))
        for c in campaigns
    ]
    return slides + [Slide(b.title, b.subtitle, b.image.url, b.href) for b in banners]


def listing_context(
    path: str, filters: ListingFilters, page: selectors.ProductPage, show_filters: bool
) -> dict:
    """The listing's context (storefront/_listing.html); the filter panel's only when the page
    shows it (a category does, a shop does not)."""
    urls = listing.ListingUrls(path, filters)
    context = {
        "page": page,
        "errors": filters.errors,
        "sort_links": listing.sort_links(urls),
        "page_links": listing.page_links(urls, page),
        "previous_url": urls.page(page.page - 1) if page.has_previous else "",
        "next_url": urls.page(page.page + 1) if page.has_next else "",
        "active_links": listing.active_filter_links(urls, page),
        "clear_url": urls.cleared(),
        "path": path,
        "show_filters": show_filters,
    }
    if show_filters:
        context |= filter_panel(urls, page)
    return context


def filter_panel(urls: listing.ListingUrls, page: selectors.ProductPage) -> dict:
    """The filter panel's chips and price form."""
    filters = urls.filters
    return {
        "brand_chips": listing.brand_chips(urls, page),
        "facet_rows": listing.facet_rows(urls, page.facets),
        "price_min": listing.yuan_text(filters.price_min) if filters.price_min is not None else "",
        "price_max": listing.yuan_text(filters.price_max) if filters.price_max is not None else "",
        "price_hidden": urls.hidden_fields_without_price(),
    }


def category_page(slug: str, filters: ListingFilters) -> PageParts:
    category = selectors.get_category(slug)
    path = routes.url("storefront:category", category.slug)
    page = selectors.list_products(filters, category=category)
    context = {
        **listing_context(path, filters, page, show_filters=True),
        "category": category,
        "breadcrumbs": selectors.category_ancestors(category),
        "chips": selectors.sibling_or_child_categories(category),
    }
    return PageParts(
        title=site_title(category.name),
        description=_(
            "在沪上商城选购%(name)s：%(count)s 件商品，正品保障，按品牌、价格和规格筛选。"
        )
        % {"name": category.name, "count": page.total},
        canonical=seo.canonical_url(path, page.page),
        body=jinja.render("storefront/category_body.html", context),
        fresh_until=promo.earliest_end(page.products),
    )


def shop_page(slug: str, filters: ListingFilters) -> PageParts:
    shop = selectors.get_open_shop(slug)
    path = routes.url("storefront:shop", shop.slug)
    page = selectors.list_products(filters, shop=shop, with_facets=False)
    context = {
        **listing_context(path, filters, page, show_filters=False),
        "shop": shop,
        "profile": shop_profile(shop),
        "shop_banner_url": quote(shop.banner.url, safe="/:%") if shop.banner else "",
        "coupons_url": optional_url("coupons:for_shop", shop.pk),
        "coupons_centre": optional_url("coupons:centre"),
    }
    return PageParts(
        title=site_title(shop.name),
        description=seo.plain_text(shop.intro)
        or _("%(name)s 在沪上商城的官方店铺") % {"name": shop.name},
        canonical=seo.canonical_url(path, page.page),
        body=jinja.render("storefront/shop_body.html", context),
        og_image=seo.absolute_url(shop.logo.url) if shop.logo else "",
        fresh_until=promo.earliest_end(page.products),
    )


@dataclass(frozen=True)
class PromotionLine:
    """A line of the product page's 促销 block: the tag, the rule in one line, and who may
    have it when not everyone may (会员专享 …)."""

    tag: str
    text: str
    audience: str = ""


def catalogue_items(product: Product) -> list[CatalogueItem]:
    """The product's active SKUs as the engine matches rules against them."""
    path = tuple(c.pk for c in reversed(selectors.category_ancestors(product.category)))
    return sku_items(
        product.pk,
        product.shop_id,
        path,
        product.brand_id,
        product.tags,
        [(sku.pk, sku.price) for sku in product.active_skus],
    )


@dataclass
class RulesView:
    """What the 促销 block needs of the rules `active_rules()` hands out (the same tuple until
    the rules change): the rules with their audience opened to every shopper, and each rule's
    line in each language, worked out once for that tuple (copying 200 rules costs milliseconds,
    wording one a few dozen microseconds)."""

    rules: tuple[Rule, ...]
    opened: tuple[Rule, ...]
    originals: dict[str, Rule]
    lines: dict[tuple[str, str], PromotionLine]

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> "RulesView":
        opened = tuple(replace(rule, audience=EVERYONE) for rule in rules)
        return cls(rules, opened, {rule.key: rule for rule in rules}, {})

    def line(self, key: str, language: str) -> PromotionLine:
        line = self.lines.get((key, language))
        if line is None:
            rule = self.originals[key]
            line = self.lines[key, language] = PromotionLine(
                tag=promo_text.tag_label(tag_of(rule)),
                text=promo_text.rule_summary(rule),
                audience=promo.audience_label(rule.audience),
            )
        return line


_rules_view = RulesView.of(())


def rules_view(rules: tuple[Rule, ...]) -> RulesView:
    global _rules_view
    if _rules_view.rules is not rules:
        _rules_view = RulesView.of(rules)
    return _rules_view


def product_promotions(
    items: Sequence[CatalogueItem], rules: tuple[Rule, ...], now: datetime
) -> list[PromotionLine]:
    """The promotions that apply to any of the items now, one line each. The page is the same
    for every visitor, so a rule for members or new shoppers only is listed too, saying so."""
    view, language = rules_view(rules), get_language()
    return [view.line(rule.key, language) for rule in rules_for_any(items, view.opened, now)]


def product_page(pk: int) -> PageParts:
    product = selectors.get_product_page(pk)
    links = routes.Links.current()
    url = seo.canonical_url(links.url("storefront:product", product.pk))
    now = timezone.now()
    rules = active_rules()
    price = promo.price_box(product, now)
    context = {
        "product": product,
        "shop": product.shop,
        "images": [image.image.name for image in product.gallery] or [product.cover],
        "breadcrumbs": selectors.category_ancestors(product.category),
        "picker": picker.sku_picker_data(product, now),
        "price": price,
        "promotions": product_promotions(catalogue_items(product), rules, now),
        "coupons_url": optional_url("coupons:for_product", product.pk, links=links),
        "coupons_centre": optional_url("coupons:centre", links=links),
    }
    description = seo.product_description(product)
    return PageParts(
        title=site_title(product.name),
        description=description,
        canonical=url,
        body=jinja.render("storefront/product_body.html", context),
        og_type="product",
        og_image=seo.image_url(product.cover),
        json_ld=seo.product_json_ld(product, url, price, description),
        fresh_until=earliest(promo.earliest_end([product], now), next_rules_change(rules, now)),
    )


@dataclass(frozen=True)
class Fragment:
    """A piece of a page loaded after it (htmx), shared by every visitor like the page."""

    html: str
    fresh_until: datetime | None = None

    def seconds_left(self) -> int:
        return seconds_until(self.fresh_until)


def related_shelf(pk: int) -> Fragment:
    """The product page's 相关推荐 shelf, loaded when the shopper scrolls to it: the page itself
    (what a shopper and a search engine come for) is ready without reading and drawing eight
    more products. Empty when there is nothing to recommend; 404 unless the product is visible."""

    def build() -> Fragment:
        related = selectors.related_cards(pk)
        if not related:
            if not selectors.is_visible(pk):
                raise Http404
            return Fragment("")
        html = jinja.render("storefront/_related.html", {"related": related})
        return Fragment(html, promo.earliest_end(related))

    return cached(("related", pk), build, Fragment.seconds_left)


def categories_page() -> PageParts:
    return PageParts(
        title=site_title(_("全部分类")),
        description=_("沪上商城全部商品分类：服装、美妆、家电、食品、母婴、数码、家居等。"),
        canonical=seo.canonical_url(reverse("storefront:categories")),
        body=render_to_string(
            "storefront/categories_body.html", {"categories": selectors.category_tree()}
        ),
    )
