"""The storefront's page bodies (listings, shop, home shelves, product page, breadcrumbs) are
Jinja2 templates under `mall/storefront/jinja2/`: Jinja compiles a template to Python, so they
render in a fraction of the Django template language's time, which matters when the page cache is
off (MALL_PAGE_CACHE=0) or cold. Markup drawn dozens of times a page — product cards, filter
chips, SKU options, gallery slides, breadcrumb items — is built by Python functions registered
here as filters (`cards`, `listing`, `picker`, `gallery`, `crumbs`), one string per call.

The engine is private to the storefront (settings.TEMPLATES stays Django-only): bodies are
rendered without the request, so no context processor is wanted. Django templates reach these
templates through `{% jinja_include "name" %}` (storefront template tags), so each piece of
markup has one source: the search results and the product page show the same product card.
"""

import itertools
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.backends.jinja2 import Jinja2
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.translation import gettext_noop, ngettext_lazy, trans_real
from jinja2 import Environment, TemplateSyntaxError, nodes, pass_context
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context
from markupsafe import Markup

from mall.core.money import format_fen
from mall.core.richtext import stored_html
from mall.core.templatetags.mall import asset, json_data, json_ld, language_choices, picture, route
from mall.storefront.cards import card_html, card_setting
from mall.storefront.crumbs import crumb_items
from mall.storefront.gallery import gallery_slides, gallery_thumbs
from mall.storefront.picker import sku_options, spec_buttons
from mall.storefront.routes import Links, url

TEMPLATE_DIR = Path(__file__).resolve().parent / "jinja2"
# The cart's buy form on the product page is a Jinja2 template of the cart app (its own markup and
# messages), found here as "cart/_buy_form.html".
CART_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "cart" / "templates"

# makemessages reads these templates as Django templates: it finds `_("…")` but not a message
# called with arguments or plurals. Those are named here, so the catalogue keeps them.
MESSAGES_WITH_ARGUMENTS = (
    gettext_noop("已售 %(count)s"),
    gettext_noop("品牌：%(brand)s"),
    gettext_noop("库存 %(count)s 件"),
    ngettext_lazy("%(counter)s 人付款", "%(counter)s 人付款", "counter"),
    ngettext_lazy("共 %(counter)s 件商品", "共 %(counter)s 件商品", "counter"),
    gettext_noop("第 %(number)s 张"),
    gettext_noop("Hi，%(name)s"),
    gettext_noop("%(time)s 结束"),
    gettext_noop("更多%(category)s"),
)


@lru_cache(maxsize=4096)
def _translated(language: str, message: str) -> Markup:
    with translation.override(language):
        return Markup(translation.gettext(message))


def _language_of(context: Context) -> str:
    return context.get("_language") or translation.get_language()


@lru_cache(maxsize=4096)
def _translated_alone(language: str, message: str) -> Markup:
    """A message used without arguments, as shown (formatted all the same: `%%` is `%`)."""
    return _translated(language, message) % ()


@pass_context
def gettext(context: Context, message: str, **variables) -> Markup:
    """Jinja's new-style gettext (always a %-format string, arguments escaped), with each
    language's answer remembered: a page asks for some fifty messages."""
    if variables:
        return _translated(_language_of(context), message) % variables
    return _translated_alone(_language_of(context), message)


_PLURALS: dict[tuple[str, str, str, int], Markup] = {}


@pass_context
def ngettext(context: Context, singular: str, plural: str, number: int, **variables) -> Markup:
    """ngettext with each language's answer remembered per plural form (a listing asks for
    "%(counter)s 人付款" once per card)."""
    language = _language_of(context)
    key = (language, singular, plural, trans_real.translation(language).plural(number))
    text = _PLURALS.get(key)
    if text is None:
        text = _PLURALS[key] = Markup(translation.ngettext(singular, plural, number))
    variables.setdefault("num", number)
    return text % variables


# What a `{% once %}` block may read besides its key names and the names it sets itself.
ONCE_NAMES = frozenset({"_", "gettext", "asset", "route", "language", "language_choices"})
# Blocks that a `{% once %}` block cannot hold: they would bring in markup it cannot check.
NOT_ONCE = (nodes.Block, nodes.Extends, nodes.Import, nodes.FromImport, nodes.Macro)
_once_blocks = itertools.count()
_ONCE: dict[tuple, Markup] = {}


class OnceExtension(Extension):
    """`{% once %}…{% endonce %}`: markup made of translated labels, route() links and static
    asset URLs only, rendered once per process for each display language (and URLconf and
    script prefix); `{% once name, … %}` also keys it by those context values (a few each, such
    as the language switch's variant). The page chrome is mostly such markup.

    The body may read nothing else (ONCE_NAMES, the key names, names it sets), nor may the
    templates it includes: a template that breaks this does not compile. Blocks are only
    remembered in templates rendered by render_with_request() (which sets `_where`), and not
    with auto_reload (DEBUG), so edited templates show at once."""

    tags = {"once"}
    memo = _ONCE

    def parse(self, parser: Parser) -> list[nodes.Node]:
        lineno = next(parser.stream).lineno
        keys: list[nodes.Expr] = []
        while parser.stream.current.type != "block_end":
            if keys:
                parser.stream.expect("comma")
            keys.append(nodes.Name(parser.stream.expect("name").value, "load", lineno=lineno))
        body = parser.parse_statements(("name:endonce",), drop_needle=True)
        self._check(body, ONCE_NAMES | {key.name for key in keys}, parser.name, lineno)
        if self.environment.auto_reload:
            return body
        # markup = memo[key]; if undefined: {% set markup %}body{% endset %}; remember(key, markup)
        block = nodes.Const(next(_once_blocks))
        key = nodes.Tuple([block, nodes.Name("_where", "load"), *keys], "load")
        markup = parser.free_identifier(lineno)
        render = [
            nodes.AssignBlock(markup, None, body),
            nodes.ExprStmt(self.call_method("_remember", [key, markup])),
        ]
        missing = nodes.Test(markup, "undefined", [], [], None, None)
        return [
            nodes.Assign(markup, nodes.Getitem(self.attr("memo"), key, "load")),
            nodes.If(missing, render, [], []),
            nodes.Output([markup]),
        ]

    def _check(
        self, body: list[nodes.Node], allowed: frozenset, name: str | None, lineno: int
    ) -> None:
        """Fail unless `body` reads only `allowed` names and names it sets, and includes only
        templates that do the same."""
        found = [node for top in body for node in (top, *top.find_all(nodes.Node))]
        if any(isinstance(node, NOT_ONCE) for node in found):
            raise TemplateSyntaxError("{% once %} cannot hold blocks or macros", lineno, name)
        names = [node for node in found if isinstance(node, nodes.Name)]
        unknown = {n.name for n in names if n.ctx == "load"} - allowed
        unknown -= {n.name for n in names if n.ctx != "load"}
        if unknown:
            raise TemplateSyntaxError(
                f"{{% once %}} cannot read {', '.join(sorted(unknown))}", lineno, name
            )
        for include in (node for node in found if isinstance(node, nodes.Include)):
            if not isinstance(include.template, nodes.Const):
                raise TemplateSyntaxError("{% once %} includes named templates only", lineno, name)
            included = include.template.value
            source = self.environment.loader.get_source(self.environment, included)[0]
            self._check(self.environment.parse(source, included).body, allowed, included, lineno)

    @staticmethod
    def _remember(key: tuple, markup: Markup) -> None:
        if isinstance(key[1], tuple):  # without `_where` (not render_with_request): every time
            _ONCE[key] = markup


def where(language: str) -> tuple[str, str | None, str]:
    """What a `{% once %}` block's markup depends on besides its keys: the display language,
    the URLconf and the script prefix (route() links)."""
    return language, get_urlconf(), get_script_prefix()


@receiver(setting_changed)
def _forget_once_blocks(**kwargs) -> None:
    _ONCE.clear()


class StorefrontEnvironment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict, not Jinja's ChainMap over the environment's:
        every render copies them into a new context, some 15 µs from a ChainMap. All globals
        are set in environment(), before any template loads (Jinja asks no change after)."""
        return {**self.globals, **(d or {})}


def environment(**options) -> Environment:
    env = StorefrontEnvironment(**options, extensions=["jinja2.ext.i18n", OnceExtension])
    env.globals.update(
        _=gettext,
        gettext=gettext,
        ngettext=ngettext,
        asset=asset,
        language=translation.get_language,
        language_choices=language_choices,
        pending_messages=get_messages,
        picture=picture,
        route=route,
        url=url,
    )
    env.filters.update(
        crumb_items=crumb_items,
        fen=format_fen,
        gallery_slides=gallery_slides,
        gallery_thumbs=gallery_thumbs,
        json_ld=json_ld,
        json_script=json_data,
        linebreaksbr=linebreaksbr,
        card_html=card_html,
        richtext=stored_html,
        sku_options=sku_options,
        spec_buttons=spec_buttons,
    )
    return env


ENGINE = Jinja2(
    {
        "NAME": "storefront-jinja2",
        "DIRS": [TEMPLATE_DIR, CART_TEMPLATE_DIR],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "mall.storefront.jinja.environment",
            # Compiled templates (a few dozen) in a plain dict rather than an LRU cache, whose
            # every lookup locks and reorders: a page looks up ten templates (includes).
            "cache_size": -1,
        },
    }
)


def render(template_name: str, context: dict) -> str:
    """A page body: rendered without the request, so it holds nothing about the visitor."""
    language, links = translation.get_language(), Links.current()
    context = {
        **context,
        "_language": language,
        "_cards": card_setting(language, links),
        "url": links.url,
    }
    return ENGINE.get_template(template_name).render(context)


def render_with_request(template_name: str, context: dict, request: HttpRequest | None) -> str:
    """A whole page or a piece of the page chrome: with the request come the visitor (header),
    `csrf_input` (the logout form) and messages. Without one (Django's 500 view) the chrome is
    bare: the logo and the footer's links only."""
    language = translation.get_language()
    context = {
        **context,
        "_language": language,
        "_where": where(language),
        "bare": request is None,
        "icp_number": settings.ICP_NUMBER,
    }
    return ENGINE.get_template(template_name).render(context, request)
