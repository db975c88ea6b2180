"""The storefront's page bodies (listings, shop, home shelves, product page, product cards,
breadcrumbs) are Jinja2 templates under `mall/storefront/jinja2/`: Jinja compiles a template to
Python, so a listing of 20 cards and 60 filter chips renders in a fraction of the Django template
language's time, which matters when the page cache is off (MALL_PAGE_CACHE=0) or cold.

The engine is private to the storefront (settings.TEMPLATES stays Django-only): bodies are
rendered without the request, so no context processor is wanted. Django templates reach these
templates through `{% jinja_include "name" %}` (storefront template tags), so each piece of
markup has one source: the search results and the product page show the same product card.
"""

from functools import lru_cache
from pathlib import Path

from django.template.backends.jinja2 import Jinja2
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import json_script
from django.utils.translation import gettext_noop, ngettext_lazy
from jinja2 import Environment

from mall.core.money import format_fen
from mall.core.richtext import stored_html
from mall.core.templatetags.mall import json_ld, picture

TEMPLATE_DIR = Path(__file__).resolve().parent / "jinja2"
# The cart's buy form on the product page is a Jinja2 template of the cart app (its own markup and
# messages), found here as "cart/_buy_form.html".
CART_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "cart" / "templates"

# makemessages reads these templates as Django templates: it finds `_("…")` but not a message
# called with arguments or plurals. Those are named here, so the catalogue keeps them.
MESSAGES_WITH_ARGUMENTS = (
    gettext_noop("第 %(number)s 张图片"),
    gettext_noop("已售 %(count)s"),
    gettext_noop("品牌：%(brand)s"),
    gettext_noop("库存 %(count)s 件"),
    ngettext_lazy("%(counter)s 人付款", "%(counter)s 人付款", "counter"),
    ngettext_lazy("共 %(counter)s 件商品", "共 %(counter)s 件商品", "counter"),
)


ROUTE_MARKER = 7_391_004_211


@lru_cache(maxsize=64)
def _id_route(name: str, urlconf: str | None, prefix: str) -> tuple[str, str]:
    """What comes before and after the id in the URL of a route taking one `<int:…>`."""
    head, _, tail = reverse(name, args=[ROUTE_MARKER], urlconf=urlconf).partition(str(ROUTE_MARKER))
    return head, tail


def url(name: str, *args) -> str:
    """reverse(); a route taking one id (a product card's link) is reversed once per process
    and filled in, as the int converter would write it."""
    if len(args) == 1 and type(args[0]) is int and args[0] >= 0:
        head, tail = _id_route(name, get_urlconf(), get_script_prefix())
        return f"{head}{args[0]}{tail}"
    return reverse(name, args=args)


def environment(**options) -> Environment:
    env = Environment(**options, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals.update(picture=picture, url=url)
    env.filters.update(
        fen=format_fen,
        json_ld=json_ld,
        json_script=json_script,
        linebreaksbr=linebreaksbr,
        richtext=stored_html,
    )
    return env


ENGINE = Jinja2(
    {
        "NAME": "storefront-jinja2",
        "DIRS": [TEMPLATE_DIR, CART_TEMPLATE_DIR],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "mall.storefront.jinja.environment"},
    }
)


def render(template_name: str, context: dict) -> str:
    """A page body: rendered without the request, so it holds nothing about the visitor."""
    return ENGINE.get_template(template_name).render(context)
