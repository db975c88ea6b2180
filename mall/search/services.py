"""Writes to the search index. Catalog services call `index_products` after each commit that
changes products; `rebuild_index` re-creates the whole index (seed_demo, the management command).

Every product is indexed whatever its status: visibility is checked when searching, so a product
taken off shelf or a shop closed disappears from results at once, before any re-indexing.
"""

import logging
from collections.abc import Iterable

from django.db import DatabaseError, transaction

from mall.catalog.models import Product
from mall.search.backends import get_backend
from mall.search.backends.base import batches
from mall.search.documents import documents_for

logger = logging.getLogger(__name__)
REBUILD_BATCH = 2000
MAX_BATCH = 10_000  # ids in one IN list stay well under SQLite's 32,766 parameters


def index_products(product_ids: Iterable[int]) -> None:
    """Re-index the given products; ids of deleted products are removed from the index.

    A failure is logged, not raised: this runs after the product change has committed, and the
    index is derived data that `rebuild_search_index` restores.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return
    backend = get_backend()
    try:
        with transaction.atomic():
            backend.remove(ids)
            for batch in batches(ids, REBUILD_BATCH):
                backend.index(documents_for(Product.objects.filter(pk__in=batch)))
    except DatabaseError:
        logger.exception("search: re-indexing %d products (first %s) failed", len(ids), ids[0])


def refresh_popularity(product_ids: Iterable[int]) -> None:
    """After sales: the stored popularity (ties in relevance, best sellers) follows the products'
    sales without re-tokenising them. Logged, not raised, like `index_products`."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    try:
        get_backend().refresh_popularity(ids)
    except DatabaseError:
        logger.exception("search: refreshing popularity of %d products failed", len(ids))


@transaction.atomic
def rebuild_index(batch_size: int = REBUILD_BATCH) -> int:
    """Index every product from scratch in one transaction; returns how many were indexed.

    Readers keep seeing the old index until the commit. Documents are written category by
    category: products of a category share most of their words, so on PostgreSQL the matches
    of a word sit together in the table and a search reads fewer pages.
    """
    backend = get_backend()
    backend.clear()
    by_category = Product.objects.order_by("category_id", "pk")
    count = 0
    for batch in batches(by_category.values_list("pk", flat=True), _clamp(batch_size)):
        documents = list(documents_for(by_category.filter(pk__in=batch)))
        backend.index(documents)
        count += len(documents)
    backend.optimize()
    return count


def _clamp(batch_size: int) -> int:
    return max(1, min(batch_size, MAX_BATCH))
