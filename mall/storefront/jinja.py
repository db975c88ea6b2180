"""The storefront's hot page bodies (listings, home shelves, product cards, breadcrumbs) are
Jinja2 templates under `mall/storefront/jinja2/`: Jinja compiles a template to Python, so a
listing of 20 cards and 60 filter chips renders in a fraction of the Django template language's
time, which matters when the page cache is off (MALL_PAGE_CACHE=0) or cold.

The engine is private to the storefront (settings.TEMPLATES stays Django-only): bodies are
rendered without the request, so no context processor is wanted. Django templates reach these
templates through `{% jinja_include "name" %}` (storefront template tags), so each piece of
markup has one source: the search results and the product page show the same product card.
"""

from pathlib import Path

from django.template.backends.jinja2 import Jinja2
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from mall.core.money import format_fen
from mall.core.templatetags.mall import json_ld, picture, richtext

TEMPLATE_DIR = Path(__file__).resolve().parent / "jinja2"


def url(name: str, *args) -> str:
    return reverse(name, args=args)


@pass_context
def django_include(context: Context, template_name: str) -> SafeString:
    """A Django template of another app inside a Jinja2 body (the cart's buy form on the product
    page), with the same context."""
    return mark_safe(render_to_string(template_name, context.get_all()))


def environment(**options) -> Environment:
    env = Environment(**options, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals.update(django_include=django_include, picture=picture, url=url)
    env.filters.update(
        fen=format_fen,
        json_ld=json_ld,
        json_script=json_script,
        linebreaksbr=linebreaksbr,
        richtext=richtext,
    )
    return env


ENGINE = Jinja2(
    {
        "NAME": "storefront-jinja2",
        "DIRS": [TEMPLATE_DIR],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "mall.storefront.jinja.environment"},
    }
)


def render(template_name: str, context: dict) -> str:
    """A page body: rendered without the request, so it holds nothing about the visitor."""
    return ENGINE.get_template(template_name).render(context)
