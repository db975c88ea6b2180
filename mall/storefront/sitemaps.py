"""sitemap.xml: the main pages, every visible product, active category and open shop, at
SITE_URL's address.
Django splits a section into pages of 50,000 URLs and lists them in the index."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.urls import reverse

from mall.catalog import selectors
from mall.promotions import selectors as promotion_selectors
from mall.storefront.seo import absolute_url


class SiteUrlSitemap(Sitemap):
    """Locations on settings.SITE_URL rather than on whatever Host the request carried."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        """One MAX() query rather than Django's default walk over every item."""
        if not hasattr(self, "lastmod"):
            return None
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProductSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (
            selectors.visible_products()
            .select_related(None)
            .only("pk", "updated_at")
            .order_by("pk")
        )

    def location(self, item) -> str:
        return reverse("storefront:product", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return selectors.active_categories().only("slug").order_by("pk")

    def location(self, item) -> str:
        return reverse("storefront:category", args=[item.slug])


class ShopSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return selectors.open_shops().only("slug", "updated_at").order_by("pk")

    def location(self, item) -> str:
        return reverse("storefront:shop", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(SiteUrlSitemap):
    """The pages that are not catalog rows: home, the category index, 招商 and the campaigns."""

    changefreq = "weekly"
    priority = 0.7

    def items(self) -> list[str]:
        return [
            "storefront:home", "storefront:categories", "onboarding:landing", "promotions:index"
        ]  # fmt: skip

    def location(self, item: str) -> str:
        return reverse(item)


class CampaignSitemap(SiteUrlSitemap):
    """The landing pages of the campaigns running now."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return promotion_selectors.running_campaigns()

    def location(self, item) -> str:
        return reverse("promotions:campaign", args=[item.slug])


SITEMAPS = {
    "pages": PageSitemap,
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "shops": ShopSitemap,
    "campaigns": CampaignSitemap,
}


def index_items() -> list[SitemapIndexItem]:
    """The index's entries: each section's first page and its further `?p=` pages."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("storefront:sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(url, lastmod))
        items += [
            SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return items
