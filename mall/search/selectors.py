"""Search reads: result pages and suggestions while typing.

Results are always drawn from `catalog.selectors.visible_products()` (on sale, open shop, active
category), joined at query time, so the index never needs to know about visibility.
"""

import hashlib
import math
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.cache import cache
from django.db.models import QuerySet

from mall.catalog.cache import cache_key
from mall.catalog.filters import MAX_PAGE_SIZE
from mall.catalog.filters import Sort as ListingSort
from mall.catalog.models import Category, Product
from mall.catalog.selectors import SORT_ORDER, ProductPage, subtree_filter, visible_products
from mall.search.backends import Ranking, TermQuery, get_backend
from mall.search.backends.base import BEST_FIRST
from mall.search.highlight import highlight
from mall.search.tokenizer import MAX_QUERY_CHARS, query_terms

SHELF_SIZE = 8
ALTERNATIVE_CANDIDATES = 100  # the relaxed search ranks no more: it fills one shelf
SUGGEST_CATEGORIES = 2
SUGGEST_TTL = 300
HOT_TTL = 300


class Sort(StrEnum):
    RELEVANCE = "relevance"
    SALES = "sales"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NEW = "new"


ORDER: dict[Sort, tuple[str, ...]] = {
    Sort.RELEVANCE: BEST_FIRST,
    Sort.SALES: SORT_ORDER[ListingSort.SALES],
    Sort.PRICE_ASC: SORT_ORDER[ListingSort.PRICE_ASC],
    Sort.PRICE_DESC: SORT_ORDER[ListingSort.PRICE_DESC],
    Sort.NEW: SORT_ORDER[ListingSort.NEW],
}


@dataclass(frozen=True)
class Hit:
    product: Product
    highlighted_name: str  # safe HTML


@dataclass
class SearchPage(ProductPage):
    """A page of results. Only the best matches are ranked: when the index holds more, `more`
    is set and `total` counts the visible ones among them. When nothing matched,
    `alternatives` holds products matching any of the words (the last one as a prefix) and
    `hot` the best sellers."""

    query: str = ""
    terms: tuple[str, ...] = ()
    sort: Sort = Sort.RELEVANCE
    category_id: int | None = None
    more: bool = False
    highlighted: dict[int, str] = field(default_factory=dict)
    alternatives: list[Hit] = field(default_factory=list)
    hot: list[Product] = field(default_factory=list)

    @property
    def hits(self) -> list[Hit]:
        return [Hit(p, self.highlighted[p.pk]) for p in self.products]


@dataclass(frozen=True)
class Suggestion:
    text: str
    highlighted: str  # safe HTML
    category_slug: str = ""  # set for a category: it links to the category page


def clean_query(text: str) -> str:
    """Printable text with single spaces, cut to the length a query can have."""
    printable = "".join(c for c in text if not unicodedata.category(c).startswith("C"))
    return " ".join(printable.split())[:MAX_QUERY_CHARS]


def parse_sort(value: str | None) -> Sort:
    try:
        return Sort(value or Sort.RELEVANCE)
    except ValueError:
        return Sort.RELEVANCE


def _scope(category_id: int | None) -> QuerySet[Product]:
    products = visible_products()
    if category_id is not None:
        products = products.filter(subtree_filter(Category(pk=category_id)))
    return products


def hot_products() -> list[Product]:
    """Best sellers, cached until the catalog changes (shared by every search)."""
    key = cache_key("search-hot", SHELF_SIZE)
    products = cache.get(key)
    if products is None:
        products = get_backend().best_sellers(visible_products(), SHELF_SIZE)
        cache.set(key, products, HOT_TTL)
    return products


def search_products(
    query: str,
    *,
    page: int = 1,
    page_size: int = 20,
    category_id: int | None = None,
    sort: str = Sort.RELEVANCE,
) -> SearchPage:
    """A page of visible products matching every word of `query`, in two queries: one ranks
    the matches and counts them, one loads the page's products. When nothing matched, the
    relaxed search (any word) and the best sellers take up to three more."""
    text = clean_query(query)
    terms = query_terms(text)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    result = SearchPage(products=[], total=0, page=1, page_size=page_size, query=text,
                        terms=terms, sort=parse_sort(sort), category_id=category_id)  # fmt: skip
    if not terms:
        result.hot = hot_products()
        return result
    scope = _scope(category_id)
    ranking, result.page = _ranked_page(scope, TermQuery(terms), result.sort, page, page_size)
    result.total, result.more = ranking.total, ranking.capped
    if result.total:
        result.products = _load(ranking.ids)
        result.highlighted = {p.pk: highlight(p.name, terms) for p in result.products}
    else:
        result.alternatives = [
            Hit(p, highlight(p.name, terms)) for p in _alternatives(scope, terms)
        ]
        result.hot = hot_products()
    return result


def _alternatives(scope: QuerySet[Product], terms: tuple[str, ...]) -> list[Product]:
    """The best products matching any of the words, the last one as a prefix."""
    relaxed = TermQuery(terms, any_term=True, prefix=True)
    ranking = get_backend().rank(
        scope, relaxed, ORDER[Sort.RELEVANCE], 0, SHELF_SIZE, candidates=ALTERNATIVE_CANDIDATES
    )
    return _load(ranking.ids)


def _ranked_page(
    scope: QuerySet[Product], query: TermQuery, sort: Sort, page: int, page_size: int
) -> tuple[Ranking, int]:
    """The ranking of one page and its number: a page past the end becomes the last page."""
    backend = get_backend()

    def ranking_of(number: int) -> Ranking:
        start = (number - 1) * page_size
        return backend.rank(scope, query, ORDER[sort], start, start + page_size)

    ranking = ranking_of(page)
    if not ranking.ids and page > 1:
        page = max(1, math.ceil(ranking_of(1).total / page_size))
        ranking = ranking_of(page)
    return ranking, page


def _load(ids: list[int]) -> list[Product]:
    """The visible products with these ids, in this order (with shop and brand)."""
    by_id = visible_products().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    """Categories and product names or keywords for what has been typed so far (cached until
    the catalog changes)."""
    text = clean_query(prefix)
    terms = query_terms(text)
    if not terms:
        return []
    digest = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
    key = cache_key("search-suggest", limit, digest)
    suggestions = cache.get(key)
    if suggestions is None:
        suggestions = _suggestions(text, terms, limit)
        cache.set(key, suggestions, SUGGEST_TTL)
    return suggestions


def _suggestions(text: str, terms: tuple[str, ...], limit: int) -> list[Suggestion]:
    categories = Category.objects.filter(is_active=True, name__icontains=text)
    texts = get_backend().suggest(visible_products(), TermQuery(terms, prefix=True), limit)
    return [
        *(Suggestion(c.name, highlight(c.name, terms), c.slug)
          for c in categories.order_by("level", "position", "id")[:SUGGEST_CATEGORIES]),
        *(Suggestion(t, highlight(t, terms)) for t in texts),
    ][:limit]  # fmt: skip
