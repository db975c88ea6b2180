"""Catalog cache generations: any product, shop or category change bumps the generation, so
every cached listing or page built from an older generation is simply never read again."""

from django.core.cache import cache

GENERATION_KEY = "catalog:generation"


def catalog_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_catalog_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_key(*parts: object) -> str:
    """A key tied to the current generation."""
    return ":".join(["catalog", str(catalog_generation()), *map(str, parts)])
