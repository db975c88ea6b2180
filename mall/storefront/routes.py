"""Links to the storefront's routes, as many as a listing needs: a route with one id or slug is
reversed once per process (and URLconf and script prefix) and then filled in as its converter
would write the argument.

The URLconf and script prefix in force are context-local values whose every read costs more
than filling in a link, so a page body reads them once (`Links.current()`) for all its links.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

from mall.core.templatetags.mall import route_in

ROUTE_MARKERS = {int: "7391004211", str: "route-marker-7391004211"}
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=128)
def _route_around(name: str, kind: type, urlconf: str | None, prefix: str) -> tuple[str, str]:
    """What comes before and after the one argument in the URL of a route; reversing with a
    marker of the argument's kind keeps NoReverseMatch for an argument the route cannot take."""
    marker = ROUTE_MARKERS[kind]
    head, _, tail = reverse(name, args=[marker], urlconf=urlconf).partition(marker)
    return head, tail


@dataclass(frozen=True, slots=True)
class Links:
    """reverse() under one URLconf and script prefix."""

    urlconf: str | None
    prefix: str

    @classmethod
    def current(cls) -> "Links":
        return cls(get_urlconf(), get_script_prefix())

    def url(self, name: str, *args) -> str:
        """A route without arguments, or with one id or slug, reversed once per process and
        filled in as the converter would write it; anything else goes to reverse()."""
        if not args:
            return route_in(name, self.urlconf, self.prefix)
        if len(args) == 1:
            arg = args[0]
            kind = type(arg)
            if (kind is int and arg >= 0) or (kind is str and SLUG.fullmatch(arg)):
                head, tail = self.around(name, kind)
                return f"{head}{arg}{tail}"
        return reverse(name, args=args, urlconf=self.urlconf)

    def around(self, name: str, kind: type = int) -> tuple[str, str]:
        """What comes before and after the one argument (an `int` id, or a `str` slug) in the
        URL of a route: (head, tail)."""
        return _route_around(name, kind, self.urlconf, self.prefix)


def url(name: str, *args) -> str:
    """reverse() for a link or two; a page body's many links go through one `Links`."""
    return Links.current().url(name, *args)
