"""Links to the storefront's routes, as many as a listing needs: a route with one id or slug is
reversed once per process (and URLconf and script prefix) and then filled in as its converter
would write the argument."""

import re
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

from mall.core.templatetags.mall import route

ROUTE_MARKERS = {int: "7391004211", str: "route-marker-7391004211"}
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=128)
def _route_around(name: str, kind: type, urlconf: str | None, prefix: str) -> tuple[str, str]:
    """What comes before and after the one argument in the URL of a route; reversing with a
    marker of the argument's kind keeps NoReverseMatch for an argument the route cannot take."""
    marker = ROUTE_MARKERS[kind]
    head, _, tail = reverse(name, args=[marker], urlconf=urlconf).partition(marker)
    return head, tail


def url(name: str, *args) -> str:
    """reverse() for the storefront's links (a listing has dozens): a route without arguments,
    or with one id or slug, is reversed once per process and filled in as the converter would
    write it; anything else goes to reverse()."""
    if not args:
        return route(name)
    if len(args) == 1:
        arg = args[0]
        kind = type(arg)
        if (kind is int and arg >= 0) or (kind is str and SLUG.fullmatch(arg)):
            head, tail = route_around(name, kind)
            return f"{head}{arg}{tail}"
    return reverse(name, args=args)


def route_around(name: str, kind: type = int) -> tuple[str, str]:
    """What comes before and after the one argument (an `int` id, or a `str` slug) in the URL
    of a route, for the current URLconf and script prefix: (head, tail)."""
    return _route_around(name, kind, get_urlconf(), get_script_prefix())
