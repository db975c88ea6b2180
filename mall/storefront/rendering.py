"""Responses for storefront pages, from two cache layers.

1. Page parts (`pages.cached_page`): head data and body, shared by every visitor; the header and
   footer around them are rendered per request (a signed-in shopper sees their masked mobile).
2. Whole pages for plain visitors — no session and no pending messages — who all see the same
   page, byte for byte (the language switch needs no CSRF token and returns to the Referer).
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from mall.storefront import jinja, pages

FRAGMENT_TEMPLATE = "storefront/fragment.html"


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for the listing fragment (a history restore needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def is_plain_visitor(request: HttpRequest) -> bool:
    """Nobody signed in and no message waiting: the page is the same for all such visitors."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def respond(
    request: HttpRequest,
    key_parts: tuple,
    build: Callable[[], pages.PageParts],
    template: str = "storefront/page.html",
    extra: Callable[[], dict] = dict,
    seconds: Callable[[dict], int] | None = None,
) -> HttpResponse:
    """The page keyed by `key_parts`; `extra()` adds context that is not part of the parts (the
    home page's banners), `seconds(extra context)` how long a whole page may be kept. A whole
    page is never kept longer than its parts stay true (`PageParts.fresh_until`)."""
    template = FRAGMENT_TEMPLATE if wants_fragment(request) else template

    def render_page(**shared) -> tuple[str, pages.PageParts, dict]:
        parts, more = pages.cached_page(key_parts, build), extra()
        html = jinja.render_with_request(template, {"page": parts, **more, **shared}, request)
        return html, parts, more

    built: dict = {}

    def render_shared() -> bytes:
        html, built["parts"], built["extra"] = render_page(shared_render=True)
        return html.encode()

    def lifetime(_: bytes) -> int:  # asked only when the page is stored
        longest = seconds(built["extra"]) if seconds else pages.PAGE_CACHE_SECONDS
        return built["parts"].seconds_left(longest)

    if is_plain_visitor(request):
        whole_key = ("whole", template, *key_parts)
        response = HttpResponse(pages.cached(whole_key, render_shared, lifetime))
    else:
        response = HttpResponse(render_page()[0])
    patch_vary_headers(response, ["Cookie", "HX-Request"])
    return response
