"""Search pages: results at /search/?q=, and suggestions while typing (HTML for htmx, or JSON)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mall.catalog.filters import MAX_PAGE
from mall.search import selectors
from mall.search.selectors import Sort, Suggestion


def _positive_int(raw: str | None) -> int | None:
    """A positive int from a query parameter; None when malformed (-1, 1e3, 10**40, abc)."""
    text = (raw or "").strip()
    if not (text.isdecimal() and len(text) <= 12) or int(text) < 1:
        return None
    return int(text)


def results_url(query: str, **params) -> str:
    return f"{reverse('search:results')}?{urlencode({'q': query, **params})}"


def _search_url(search: selectors.SearchPage, **params) -> str:
    """This search with other parameters (sort, page), keeping its category."""
    if search.category_id:
        params["category"] = search.category_id
    return results_url(search.query, **params)


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    params = request.GET
    page = selectors.search_products(
        params.get("q", ""),
        page=min(_positive_int(params.get("page")) or 1, MAX_PAGE),
        sort=params.get("sort", ""),
        category_id=_positive_int(params.get("category")),
    )
    context = {
        "page": page,
        "search_query": page.query,
        "sort_links": _sort_links(page),
        "previous_url": page.has_previous and _search_url(page, sort=page.sort, page=page.page - 1),
        "next_url": page.has_next and _search_url(page, sort=page.sort, page=page.page + 1),
    }
    return render(request, "search/results.html", context)


def _sort_links(search: selectors.SearchPage) -> list[dict]:
    """综合 / 销量 / 价格 (a second tap flips ascending and descending) / 新品, as on listings."""
    current = search.sort
    prices = (Sort.PRICE_ASC, Sort.PRICE_DESC)
    price_next = Sort.PRICE_DESC if current == Sort.PRICE_ASC else Sort.PRICE_ASC
    arrows = {Sort.PRICE_ASC: _("价格 ↑"), Sort.PRICE_DESC: _("价格 ↓")}
    price_label = arrows.get(current, _("价格"))
    tabs = [
        (_("综合"), Sort.RELEVANCE, current == Sort.RELEVANCE),
        (_("销量"), Sort.SALES, current == Sort.SALES),
        (price_label, price_next, current in prices),
        (_("新品"), Sort.NEW, current == Sort.NEW),
    ]
    return [
        {"label": label, "url": _search_url(search, sort=sort), "active": active}
        for label, sort, active in tabs
    ]


def _suggestion_url(suggestion: Suggestion) -> str:
    if suggestion.category_slug:
        return reverse("storefront:category", args=[suggestion.category_slug])
    return results_url(suggestion.text)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    suggestions = [(s, _suggestion_url(s)) for s in selectors.suggest(query)]
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        response = JsonResponse(
            {
                "query": selectors.clean_query(query),
                "suggestions": [
                    {"text": s.text, "url": url, "kind": "category" if s.category_slug else "query"}
                    for s, url in suggestions
                ],
            }
        )
    else:
        response = render(request, "search/_suggestions.html", {"suggestions": suggestions})
    patch_vary_headers(response, ["Accept"])
    return response
