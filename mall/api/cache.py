"""Cached reads. An answer depends only on the catalog and the validated parameters (nothing
about the caller), so everyone shares entries; keys carry the catalog generation, which every
product, shop or category change bumps (`mall.catalog.cache`)."""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from ninja import Schema
from pydantic_core import to_jsonable_python

from mall.api.schemas import ProductItem
from mall.catalog.cache import cache_key
from mall.storefront.pages import earliest, seconds_until

API_CACHE_SECONDS = 300
T = TypeVar("T")


def cached(
    name: str,
    params: Schema | int | None,
    build: Callable[[], T],
    products: Callable[[T], Iterable[ProductItem]] | None = None,
) -> object:
    """The document from the cache, or built and stored (errors never are). Keyed by the
    validated parameters, so unknown or reordered query parameters share one entry. A
    document listing `products(document)` is kept no longer than the first of their promotion
    prices lasts (`promo_until`), so it never shows a promotion price past its end."""
    if not settings.PAGE_CACHE_ENABLED:
        return build()
    text = params.model_dump_json() if isinstance(params, Schema) else str(params)
    key = cache_key("api", name, hashlib.sha256(text.encode()).hexdigest()[:32])
    document = cache.get(key)
    if document is None:
        built = build()
        ends = [item.promo_until for item in products(built)] if products else []
        seconds = seconds_until(earliest(*ends), API_CACHE_SECONDS)
        document = to_jsonable_python(built)
        cache.set(key, document, seconds)
    return document
