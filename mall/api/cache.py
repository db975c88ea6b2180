"""Cached reads. An answer depends only on the catalog and the validated parameters (nothing
about the caller), so everyone shares entries; keys carry the catalog generation, which every
product, shop or category change bumps (`mall.catalog.cache`)."""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from ninja import Schema
from pydantic_core import to_jsonable_python

from mall.catalog.cache import cache_key

API_CACHE_SECONDS = 300


def cached(name: str, params: Schema | int | None, build: Callable[[], object]) -> object:
    """The document from the cache, or built and stored (errors never are). Keyed by the
    validated parameters, so unknown or reordered query parameters share one entry."""
    if not settings.PAGE_CACHE_ENABLED:
        return build()
    text = params.model_dump_json() if isinstance(params, Schema) else str(params)
    key = cache_key("api", name, hashlib.sha256(text.encode()).hexdigest()[:32])
    document = cache.get(key)
    if document is None:
        document = to_jsonable_python(build())
        cache.set(key, document, API_CACHE_SECONDS)
    return document
