"""Links of a listing page: every filter chip, sort tab and page number is a plain URL, so the
listing works without JavaScript; htmx only fetches the same URLs and swaps the grid.

The filter chips (a category listing has some seventy: its brands and spec values) are drawn
here, one string per row (`brand_chips`, `spec_chips`), as cards.card_html draws a card: in the
template, each chip escaped its URL twice and its label into new Markup and looked up every
attribute through Jinja.
"""

from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import quote_plus

from django.utils import translation
from django.utils.translation import gettext as _
from markupsafe import Markup

from mall.catalog.filters import DEFAULT_PAGE_SIZE, ListingFilters, Sort
from mall.catalog.selectors import Facet, ProductPage
from mall.core.money import fen_to_yuan_str

PAGE_WINDOW = 2


@dataclass
class Link:
    label: str
    url: str
    active: bool = False


@dataclass(frozen=True)
class FacetRow:
    """A spec's row of filter chips: its name and its values' chips."""

    name: str
    chips: Markup


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


def brands_query(brand_ids: list[int]) -> str:
    """The `brand` part of a query string (a brand id needs no quoting)."""
    return "&".join(f"brand={pk}" for pk in brand_ids)


def spec_token(name: str, value: str) -> str:
    return f"spec={_quoted(f'{name}:{value}')}"


def specs_query(tokens: dict[str, list[str]]) -> str:
    """The `spec` part of a query string from each name's encoded `spec_token`s."""
    return "&".join(token for name_tokens in tokens.values() for token in name_tokens)


@lru_cache(maxsize=8)
def sort_query(sort: Sort) -> str:
    return encode_query(query_params(ListingFilters(sort=sort)))


class ListingUrls:
    """URLs of one listing path for filters derived from the current ones. Each part of the
    query string (brands, price, specs, sort, page, page size; in query_params' order) is
    encoded once, and a link joins them with the part it changes: a listing has some seventy
    links. Any change but the page starts again at page 1."""

    def __init__(self, path: str, filters: ListingFilters):
        self.path = path
        self.filters = replace(filters, errors=[])
        self._brand_ids = frozenset(filters.brand_ids)
        self._brands = brands_query(filters.brand_ids)
        prices = query_params(
            ListingFilters(price_min=filters.price_min, price_max=filters.price_max)
        )
        self._price = encode_query(prices)
        self._spec_tokens = {
            name: [spec_token(name, value) for value in values]
            for name, values in filters.specs.items()
        }
        self._specs = specs_query(self._spec_tokens)
        self._sort = sort_query(filters.sort)
        self._page_size = encode_query(query_params(ListingFilters(page_size=filters.page_size)))

    def _url(
        self,
        brands: str | None = None,
        price: str | None = None,
        specs: str | None = None,
        sort: str | None = None,
        page: int = 1,
    ) -> str:
        """The current query with the given parts (encoded) in place of the current ones."""
        parts = (
            self._brands if brands is None else brands,
            self._price if price is None else price,
            self._specs if specs is None else specs,
            self._sort if sort is None else sort,
            f"page={page}" if page > 1 else "",
            self._page_size,
        )
        query = "&".join(filter(None, parts))
        return f"{self.path}?{query}" if query else self.path

    def page(self, number: int) -> str:
        return self._url(page=number)

    def sorted_by(self, sort: Sort) -> str:
        return self._url(sort=sort_query(sort))

    def toggle_brand(self, pk: int) -> str:
        return self._url(brands=brands_query(sorted(self._brand_ids ^ {pk})))

    def toggle_spec(self, name: str, value: str) -> str:
        """The value added after the name's chosen ones (the name last if new), or its first
        occurrence removed; a name left without values goes."""
        chosen = self.filters.specs.get(name, [])
        tokens = list(self._spec_tokens.get(name, []))
        if value in chosen:
            del tokens[chosen.index(value)]
        else:
            tokens.append(spec_token(name, value))
        return self._url(specs=specs_query({**self._spec_tokens, name: tokens}))

    def without_price(self) -> str:
        return self._url(price="")

    def cleared(self) -> str:
        """Brands, price and specs dropped; the sort and the page size kept."""
        return self._url(brands="", price="", specs="")

    def hidden_fields_without_price(self) -> list[tuple[str, str]]:
        """What the price form must carry along so submitting it keeps the other filters."""
        kept = replace(self.filters, price_min=None, price_max=None, page=1)
        return query_params(kept)


def escaped(text: str) -> str:
    """`text` escaped for HTML exactly as markupsafe.escape escapes it, as a plain str: making
    Markup of each of a chip's values (and formatting it) cost more than escaping them."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def chip(label: str, url: str, active: bool) -> str:
    """A filter chip's markup: a link that adds the filter, or removes it when `active`."""
    href = escaped(url)
    if active:
        return (
            f'<a class="chip is-active" href="{href}" hx-get="{href}" rel="nofollow"'
            f' aria-pressed="true">{escaped(label)}</a>'
        )
    return f'<a class="chip" href="{href}" hx-get="{href}" rel="nofollow">{escaped(label)}</a>'


def brand_chips(urls: ListingUrls, page: ProductPage) -> Markup:
    """The brand row: a chip for each brand of the listing."""
    chosen = set(urls.filters.brand_ids)
    chips = (chip(b.name, urls.toggle_brand(b.pk), b.pk in chosen) for b in page.brands)
    return Markup("".join(chips))


def spec_chips(urls: ListingUrls, facet: Facet) -> Markup:
    """A spec's row: a chip for each of its values."""
    name, chosen = facet.name, urls.filters.specs.get(facet.name, [])
    chips = (chip(value, urls.toggle_spec(name, value), value in chosen) for value in facet.values)
    return Markup("".join(chips))


def facet_rows(urls: ListingUrls, facets: list[Facet]) -> list[FacetRow]:
    return [FacetRow(facet.name, spec_chips(urls, facet)) for facet in facets]


@lru_cache(maxsize=16)
def _sort_labels(language: str) -> dict[Sort | str, str]:
    """The sort bar's labels in `language` ("price": before a price sort), looked up once."""
    with translation.override(language):
        return {
            Sort.DEFAULT: _("综合"),
            Sort.SALES: _("销量"),
            "price": _("价格"),
            Sort.PRICE_ASC: _("价格 ↑"),
            Sort.PRICE_DESC: _("价格 ↓"),
            Sort.NEW: _("新品"),
        }


def sort_links(urls: ListingUrls) -> list[Link]:
    """综合 / 销量 / 价格 (a second tap flips ascending and descending) / 新品."""
    current = urls.filters.sort
    labels = _sort_labels(translation.get_language())
    price_next = Sort.PRICE_DESC if current == Sort.PRICE_ASC else Sort.PRICE_ASC
    price_sorted = current in (Sort.PRICE_ASC, Sort.PRICE_DESC)
    return [
        Link(labels[Sort.DEFAULT], urls.sorted_by(Sort.DEFAULT), current == Sort.DEFAULT),
        Link(labels[Sort.SALES], urls.sorted_by(Sort.SALES), current == Sort.SALES),
        Link(
            labels[current if price_sorted else "price"], urls.sorted_by(price_next), price_sorted
        ),
        Link(labels[Sort.NEW], urls.sorted_by(Sort.NEW), current == Sort.NEW),
    ]


def page_links(urls: ListingUrls, page: ProductPage) -> list[Link | None]:
    """1 … 4 5 [6] 7 8 … 20 — None marks a gap."""
    wanted = {1, page.num_pages, *range(page.page - PAGE_WINDOW, page.page + PAGE_WINDOW + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= page.num_pages)
    links: list[Link | None] = []
    for previous, number in zip([0, *numbers], numbers, strict=False):
        if number - previous > 1:
            links.append(None)
        links.append(Link(str(number), urls.page(number), number == page.page))
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
        links.append(Link(f"¥{low}–{high}", urls.without_price()))
    for name, values in filters.specs.items():
        links += [Link(f"{name}：{value}", urls.toggle_spec(name, value)) for value in values]
    return links
