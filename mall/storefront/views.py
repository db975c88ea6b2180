from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from mall.catalog.filters import parse_listing_filters
from mall.promotions.selectors import home_campaigns, rules_version
from mall.storefront import pages
from mall.storefront.models import Banner
from mall.storefront.rendering import respond
from mall.storefront.sitemaps import index_items

# Switching the display language changes nothing but a cookie, so it takes no CSRF token: pages
# shared by plain visitors then carry nothing per visitor and are served byte for byte.
set_language = csrf_exempt(django_set_language)


def home_extra() -> dict:
    """What the home page shows besides its cached parts: the carousel's slides, the running
    campaigns' banners then the operator's live banners."""
    campaigns = home_campaigns()
    slides = pages.carousel(campaigns, Banner.objects.live())
    return {"banners": slides, "campaign_ends": [c.ends_at for c in campaigns]}


def home_seconds(extra: dict) -> int:
    """Until a banner starts or ends, or a campaign in the carousel ends."""
    ending = pages.earliest(*extra["campaign_ends"])
    return pages.seconds_until(ending, Banner.objects.seconds_until_change())


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # Campaigns change with the promotion rules: their version keys the page.
    key = ("home", rules_version())
    return respond(request, key, pages.home_page, "storefront/home.html", home_extra, home_seconds)


@require_safe
def categories(request: HttpRequest) -> HttpResponse:
    return respond(request, ("categories",), pages.categories_page)


@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    filters = parse_listing_filters(request.GET)
    key = ("category", slug, pages.filters_fingerprint(filters))
    return respond(request, key, lambda: pages.category_page(slug, filters))


@require_safe
def shop(request: HttpRequest, slug: str) -> HttpResponse:
    filters = parse_listing_filters(request.GET)
    key = ("shop", slug, pages.filters_fingerprint(filters))
    return respond(request, key, lambda: pages.shop_page(slug, filters))


@require_safe
def product(request: HttpRequest, pk: int) -> HttpResponse:
    # The 促销 block lists the promotion rules: their version keys the page.
    key = ("product", pk, rules_version())
    return respond(request, key, lambda: pages.product_page(pk))


@require_safe
def product_related(request: HttpRequest, pk: int) -> HttpResponse:
    """The product page's related shelf (htmx, when scrolled to); empty when there is none."""
    return HttpResponse(pages.related_shelf(pk).html)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /search/",
        "Disallow: /cart/",
        "Disallow: /checkout/",
        "Disallow: /orders/",
        "Disallow: /pay/",
        "Disallow: /seller/",
        f"Sitemap: {settings.SITE_URL}{reverse('storefront:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Like django.contrib.sitemaps' index, but on SITE_URL rather than the request's Host."""
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": index_items()}, content_type="application/xml"
    )
