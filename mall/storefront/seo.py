"""What search engines read: absolute canonical URLs and schema.org Product data."""

from functools import lru_cache

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from mall.catalog.models import Product
from mall.core.images import THUMBNAIL_WIDTHS, thumbnail_url
from mall.core.money import fen_to_yuan_str
from mall.core.richtext import sanitize_html
from mall.pricing.rules import SHANGHAI
from mall.storefront.promo import PriceBox

DESCRIPTION_CHARS = 150
IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"


def absolute_url(path: str) -> str:
    """SITE_URL + path; a path that already is absolute (media on a CDN) is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def canonical_url(path: str, page: int = 1) -> str:
    """Canonical address of a page: no tracking or filter parameters, only the page number."""
    return absolute_url(path if page <= 1 else f"{path}?page={page}")


def image_url(name: str) -> str:
    """Absolute URL of the largest JPEG thumbnail of a stored image ('' for none)."""
    return _image_url(settings.SITE_URL, settings.MEDIA_URL, name) if name else ""


@lru_cache(maxsize=4096)
def _image_url(site_url: str, media_url: str, name: str) -> str:
    """image_url, made from the name alone (the settings key the cache, so a changed SITE_URL
    or MEDIA_URL never serves old URLs)."""
    return absolute_url(thumbnail_url(name, THUMBNAIL_WIDTHS[-1], "jpg"))


def plain_text(html: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Rich text as one line of plain text (script bodies dropped), cut at `limit` characters."""
    return one_line(sanitize_html(html), limit)


def one_line(html: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Text or sanitised HTML without its tags, on one line, cut at `limit` characters."""
    return Truncator(" ".join(strip_tags(html).split())).chars(limit)


def product_description(product: Product) -> str:
    """The subtitle (plain text) or else the description (sanitised when it was saved)."""
    return one_line(product.subtitle or product.description) or product.name


def product_json_ld(product: Product, url: str, price: PriceBox, description: str) -> dict:
    """schema.org Product with an AggregateOffer over the product's active SKUs, at the prices
    shoppers see (a promotion's, until it ends: `priceValidUntil`); `description` is the page's
    (product_description)."""
    images = [image_url(image.image.name) for image in product.gallery] or [
        image_url(product.cover)
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "image": [src for src in images if src],
        "description": description,
        "sku": product.merchant_code or str(product.pk),
        "url": url,
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": fen_to_yuan_str(price.low),
            "highPrice": fen_to_yuan_str(price.high),
            "priceCurrency": "CNY",
            "offerCount": len(product.active_skus),
            "availability": IN_STOCK if product.stock_total > 0 else OUT_OF_STOCK,
            "url": url,
        },
    }
    if price.valid_until is not None:
        data["offers"]["priceValidUntil"] = (
            price.valid_until.astimezone(SHANGHAI).date().isoformat()
        )
    if product.brand is not None:
        data["brand"] = {"@type": "Brand", "name": product.brand.name}
    return data
