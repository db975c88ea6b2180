from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from mall.catalog.filters import parse_listing_filters
from mall.storefront import pages
from mall.storefront.models import Banner
from mall.storefront.sitemaps import index_items


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for the listing fragment (a history restore needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def respond(request: HttpRequest, page: pages.PageParts, template: str, **context) -> HttpResponse:
    if wants_fragment(request):
        response = render(request, "storefront/fragment.html", {"page": page})
    else:
        response = render(request, template, {"page": page, **context})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    page = pages.cached_page(("home",), pages.home_page)
    banners = list(Banner.objects.live())
    return respond(request, page, "storefront/home.html", banners=banners)


@require_safe
def categories(request: HttpRequest) -> HttpResponse:
    page = pages.cached_page(("categories",), pages.categories_page)
    return respond(request, page, "storefront/page.html")


@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    filters = parse_listing_filters(request.GET)
    key = ("category", slug, pages.filters_fingerprint(filters))
    page = pages.cached_page(key, lambda: pages.category_page(slug, filters))
    return respond(request, page, "storefront/page.html")


@require_safe
def shop(request: HttpRequest, slug: str) -> HttpResponse:
    filters = parse_listing_filters(request.GET)
    key = ("shop", slug, pages.filters_fingerprint(filters))
    page = pages.cached_page(key, lambda: pages.shop_page(slug, filters))
    return respond(request, page, "storefront/page.html")


@require_safe
def product(request: HttpRequest, pk: int) -> HttpResponse:
    page = pages.cached_page(("product", pk), lambda: pages.product_page(pk))
    return respond(request, page, "storefront/page.html")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}{reverse('storefront:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Like django.contrib.sitemaps' index, but on SITE_URL rather than the request's Host."""
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": index_items()}, content_type="application/xml"
    )
