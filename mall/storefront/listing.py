"""Links of a listing page: every filter chip, sort tab and page number is a plain URL, so the
listing works without JavaScript; htmx only fetches the same URLs and swaps the grid."""

from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import quote_plus

from django.utils.translation import gettext as _

from mall.catalog.filters import DEFAULT_PAGE_SIZE, ListingFilters, Sort
from mall.catalog.selectors import Facet, ProductPage
from mall.core.money import fen_to_yuan_str

PAGE_WINDOW = 2


@dataclass
class Link:
    label: str
    url: str
    active: bool = False


@dataclass
class FacetLinks:
    name: str
    links: list[Link]


def yuan_text(fen: int) -> str:
    """12300 -> '123', 12350 -> '123.50': what a shopper would type into the price box."""
    text = fen_to_yuan_str(fen)
    return text.removesuffix(".00")


def query_params(filters: ListingFilters) -> list[tuple[str, str]]:
    """The canonical query string of `filters`; defaults are left out."""
    params = [("brand", str(pk)) for pk in filters.brand_ids]
    if filters.price_min is not None:
        params.append(("price_min", yuan_text(filters.price_min)))
    if filters.price_max is not None:
        params.append(("price_max", yuan_text(filters.price_max)))
    params += [("spec", f"{name}:{v}") for name, values in filters.specs.items() for v in values]
    if filters.sort != Sort.DEFAULT:
        params.append(("sort", filters.sort.value))
    if filters.page > 1:
        params.append(("page", str(filters.page)))
    if filters.page_size != DEFAULT_PAGE_SIZE:
        params.append(("page_size", str(filters.page_size)))
    return params


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


def encode_query(params: list[tuple[str, str]]) -> str:
    """urlencode(params), with each distinct value quoted once per process: a listing links
    every chip, and the same spec values recur on every listing."""
    return "&".join(f"{_quoted(name)}={_quoted(value)}" for name, value in params)


class ListingUrls:
    """URLs of one listing path for filters derived from the current ones."""

    def __init__(self, path: str, filters: ListingFilters):
        self.path = path
        self.filters = replace(filters, errors=[])

    def url(self, **changes) -> str:
        """The current filters with `changes`; any change but the page starts again at page 1."""
        changes.setdefault("page", 1)
        query = encode_query(query_params(replace(self.filters, **changes)))
        return f"{self.path}?{query}" if query else self.path

    def toggle_brand(self, pk: int) -> str:
        return self.url(brand_ids=sorted(set(self.filters.brand_ids) ^ {pk}))

    def toggle_spec(self, name: str, value: str) -> str:
        specs = {key: list(values) for key, values in self.filters.specs.items()}
        chosen = specs.setdefault(name, [])
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        return self.url(specs={key: values for key, values in specs.items() if values})

    def hidden_fields_without_price(self) -> list[tuple[str, str]]:
        """What the price form must carry along so submitting it keeps the other filters."""
        kept = replace(self.filters, price_min=None, price_max=None, page=1)
        return query_params(kept)


def brand_links(urls: ListingUrls, page: ProductPage) -> list[Link]:
    chosen = set(urls.filters.brand_ids)
    return [Link(b.name, urls.toggle_brand(b.pk), b.pk in chosen) for b in page.brands]


def facet_links(urls: ListingUrls, facets: list[Facet]) -> list[FacetLinks]:
    def link(name: str, value: str) -> Link:
        active = value in urls.filters.specs.get(name, [])
        return Link(value, urls.toggle_spec(name, value), active)

    return [FacetLinks(f.name, [link(f.name, value) for value in f.values]) for f in facets]


def sort_links(urls: ListingUrls) -> list[Link]:
    """综合 / 销量 / 价格 (a second tap flips ascending and descending) / 新品."""
    current = urls.filters.sort
    price_next = Sort.PRICE_DESC if current == Sort.PRICE_ASC else Sort.PRICE_ASC
    price_label = {Sort.PRICE_ASC: _("价格 ↑"), Sort.PRICE_DESC: _("价格 ↓")}.get(
        current, _("价格")
    )
    return [
        Link(_("综合"), urls.url(sort=Sort.DEFAULT), current == Sort.DEFAULT),
        Link(_("销量"), urls.url(sort=Sort.SALES), current == Sort.SALES),
        Link(price_label, urls.url(sort=price_next), current in (Sort.PRICE_ASC, Sort.PRICE_DESC)),
        Link(_("新品"), urls.url(sort=Sort.NEW), current == Sort.NEW),
    ]


def page_links(urls: ListingUrls, page: ProductPage) -> list[Link | None]:
    """1 … 4 5 [6] 7 8 … 20 — None marks a gap."""
    wanted = {1, page.num_pages, *range(page.page - PAGE_WINDOW, page.page + PAGE_WINDOW + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= page.num_pages)
    links: list[Link | None] = []
    for previous, number in zip([0, *numbers], numbers, strict=False):
        if number - previous > 1:
            links.append(None)
        links.append(Link(str(number), urls.url(page=number), number == page.page))
    return links


def active_filter_links(urls: ListingUrls, page: ProductPage) -> list[Link]:
    """'已选' chips: each removes one chosen filter."""
    filters = urls.filters
    links = [
        Link(b.name, urls.toggle_brand(b.pk)) for b in page.brands if b.pk in filters.brand_ids
    ]
    if filters.price_min is not None or filters.price_max is not None:
        low = yuan_text(filters.price_min) if filters.price_min is not None else "0"
        high = yuan_text(filters.price_max) if filters.price_max is not None else "∞"
        links.append(Link(f"¥{low}–{high}", urls.url(price_min=None, price_max=None)))
    for name, values in filters.specs.items():
        links += [Link(f"{name}：{value}", urls.toggle_spec(name, value)) for value in values]
    return links
