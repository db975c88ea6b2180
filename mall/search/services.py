"""Search index writes. (Placeholder until the search backend lands in this same issue.)"""

from collections.abc import Iterable


def index_products(product_ids: Iterable[int]) -> None:
    """Re-index the given products."""
