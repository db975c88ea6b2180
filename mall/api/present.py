"""Turn what the selectors read into the API's documents (`mall.api.schemas`)."""

from datetime import datetime
from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.urls import reverse

from mall.api import schemas
from mall.catalog import selectors
from mall.catalog.models import Brand, Category, Product, Sku
from mall.catalog.selectors import ProductCard, promotion_running
from mall.core.images import THUMBNAIL_WIDTHS, thumbnail_name
from mall.core.money import format_fen
from mall.core.richtext import sanitize_html
from mall.merchants.models import Shop
from mall.pricing.rules import SHANGHAI
from mall.search import selectors as search
from mall.storefront import promo
from mall.storefront.seo import absolute_url


def money(fen: int) -> schemas.Money:
    return schemas.Money(fen=fen, display=format_fen(fen))


def media_url(name: str) -> str:
    return absolute_url(default_storage.url(name))


def image(name: str, alt: str = "") -> schemas.Image | None:
    """The WebP and JPEG thumbnails of a stored image, written beside it on upload."""
    if not name:
        return None
    thumbnails = [
        schemas.Thumbnail(
            width=width,
            webp=media_url(thumbnail_name(name, width, "webp")),
            jpg=media_url(thumbnail_name(name, width, "jpg")),
        )
        for width in THUMBNAIL_WIDTHS
    ]
    return schemas.Image(alt=alt, thumbnails=thumbnails)


def brand(value: Brand | None) -> schemas.BrandRef | None:
    if value is None:
        return None
    return schemas.BrandRef(id=value.pk, name=value.name, slug=value.slug)


def shop(value: Shop) -> schemas.ShopRef:
    url = absolute_url(reverse("storefront:shop", args=[value.slug]))
    return schemas.ShopRef(id=value.pk, name=value.name, slug=value.slug, url=url)


def shop_card(value: Shop) -> schemas.ShopCard:
    return schemas.ShopCard(
        **shop(value).model_dump(), rating=value.rating_display, location=value.location
    )


def category(value: Category) -> schemas.CategoryRef:
    url = absolute_url(reverse("storefront:category", args=[value.slug]))
    return schemas.CategoryRef(id=value.pk, name=value.name, slug=value.slug, url=url)


def category_node(value: Category) -> schemas.CategoryNode:
    """A node of `selectors.category_tree()`, whose active children are prefetched."""
    children = getattr(value, "active_children", [])
    return schemas.CategoryNode(
        **category(value).model_dump(),
        icon=value.icon,
        children=[category_node(child) for child in children],
    )


def _promotion_fields(product: Product | ProductCard, now: datetime) -> dict:
    """The promotion as a card shows it (`storefront.promo.shown_price`)."""
    shown = promo.shown_price(product, now)
    return {
        "promo_price": money(shown.price) if shown.promoted else None,
        "promo_badge": shown.badge,
        "promo_tags": list(shown.tags),
        "promo_until": shown.countdown.ends_at.astimezone(SHANGHAI) if shown.countdown else None,
    }


def _product_fields(product: Product | ProductCard, now: datetime) -> dict:
    return {
        "id": product.pk,
        "name": product.name,
        "subtitle": product.subtitle,
        "shop": shop(product.shop),
        "brand": brand(product.brand),
        "price_min": money(product.price_min),
        "price_max": money(product.price_max),
        "market_price": money(product.market_price),
        **_promotion_fields(product, now),
        "sales_count": product.sales_count,
        "cover": image(product.cover, product.name),
        "url": absolute_url(reverse("storefront:product", args=[product.pk])),
    }


def product_item(product: Product | ProductCard, now: datetime) -> schemas.ProductItem:
    return schemas.ProductItem(**_product_fields(product, now))


def product_list(page: selectors.ProductPage, now: datetime) -> schemas.ProductList:
    return schemas.ProductList(
        items=[product_item(p, now) for p in page.products],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
        num_pages=page.num_pages,
        facets=schemas.Facets(
            brands=[brand(b) for b in page.brands],
            specs=[schemas.SpecFacet(name=f.name, values=f.values) for f in page.facets],
        ),
    )


def sku(value: Sku, promoted: bool) -> schemas.Sku:
    """A SKU; its promotion price counts while its product's promotion runs (`promoted`)."""
    shown = promo.sku_price(value.price, value.promo_price, promoted)
    return schemas.Sku(
        id=value.pk,
        spec_values=value.spec_values,
        price=money(value.price),
        market_price=money(value.market_price),
        promo_price=money(shown) if shown < value.price else None,
        stock=value.stock,
        available=value.stock > 0,
    )


def product_detail(
    product: Product, related: list[Product], now: datetime
) -> schemas.ProductDetail:
    """A product from `selectors.get_product_detail`; the gallery falls back to the cover."""
    gallery = [image(i.image.name, i.alt or product.name) for i in product.gallery]
    cover = image(product.cover, product.name)
    promoted = promotion_running(product, now)
    return schemas.ProductDetail(
        **{**_product_fields(product, now), "shop": shop_card(product.shop)},
        is_new=product.is_new,
        stock_total=product.stock_total,
        description=sanitize_html(product.description),
        images=gallery or ([cover] if cover else []),
        specs=[schemas.SpecFacet(name=s.name, values=s.values) for s in product.specs.all()],
        skus=[sku(s, promoted) for s in product.active_skus],
        params=[schemas.Param(name=p.name, value=p.value) for p in product.params.all()],
        breadcrumbs=[category(c) for c in selectors.category_ancestors(product.category)],
        related=[product_item(p, now) for p in related],
    )


def search_hit(hit: search.Hit, now: datetime) -> schemas.SearchHit:
    fields = _product_fields(hit.product, now)
    return schemas.SearchHit(**fields, highlighted_name=hit.highlighted_name)


def search_results(page: search.SearchPage, now: datetime) -> schemas.SearchResults:
    return schemas.SearchResults(
        query=page.query,
        sort=page.sort,
        items=[search_hit(hit, now) for hit in page.hits],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
        num_pages=page.num_pages,
        alternatives=[search_hit(hit, now) for hit in page.alternatives],
        hot=[product_item(p, now) for p in page.hot],
    )


def suggestion(value: search.Suggestion) -> schemas.Suggestion:
    if value.category_slug:
        kind, path = "category", reverse("storefront:category", args=[value.category_slug])
    else:
        kind, path = "query", f"{reverse('search:results')}?{urlencode({'q': value.text})}"
    return schemas.Suggestion(
        text=value.text, highlighted=value.highlighted, kind=kind, url=absolute_url(path)
    )
