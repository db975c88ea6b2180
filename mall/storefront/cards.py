"""What a product card (storefront/_product_card.html) shows, worked out in one Python call.

The card is drawn 20 times on a listing, 8 on a product page and 40 on the home page and search
results, so its template only fills in these values: each function a template calls goes through
Jinja's context.call, and each message translated through Django's active language costs a few
context-variable lookups, which for a card of a dozen values added up to more than the card's
markup. The card's constant wording is looked up once per language and process instead.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from markupsafe import Markup

from mall.catalog.models import Product
from mall.catalog.selectors import ProductCard
from mall.core.money import format_fen
from mall.core.templatetags.mall import picture
from mall.storefront.promo import Countdown, shown_price

COVER_SIZES = "(max-width: 640px) 50vw, 240px"
SALES = "%(counter)s 人付款"  # one text for every number in Chinese; its plural forms in English


@dataclass(frozen=True, slots=True)
class CardWords:
    """A card's own messages in one language, as Markup: the template's `_()` trusts a
    translator's text as markup, and so does the card."""

    sold_out: Markup
    new: Markup
    hot: Markup
    from_price: Markup  # 起: the product's variants cost differently


@lru_cache(maxsize=16)
def card_words(language: str) -> CardWords:
    with translation.override(language):
        return CardWords(
            sold_out=Markup(_("已售罄")),
            new=Markup(_("新品")),
            hot=Markup(_("热卖")),
            from_price=Markup(_("起")),
        )


@dataclass(slots=True)
class CardView:
    """A card's values: the prices as text (`struck` empty when none), the promotion's badge,
    tags and countdown, the sales count worded, and `words` for the rest."""

    cover: Markup
    price: str
    from_price: bool
    struck: str
    badge: str
    tags: tuple[str, ...]
    countdown: Countdown | None
    sales: Markup
    words: CardWords


_SALES_FORMS: dict[tuple[str, int], str] = {}


def sales_text(count: int, language: str) -> Markup:
    """'12 人付款' in `language`, its text remembered per plural form (ngettext asks every
    catalogue of the language for the message, and its plural rule once per catalogue)."""
    catalogue = trans_real.translation(language)
    key = (language, catalogue.plural(count))
    text = _SALES_FORMS.get(key)
    if text is None:
        text = _SALES_FORMS[key] = catalogue.ngettext(SALES, SALES, count)
    return Markup(text % {"counter": count})  # a number needs no escaping


def product_card(
    product: Product | ProductCard, language: str, now: datetime | None = None
) -> CardView:
    """The card of a Product (with its shop) or a selectors.ProductCard, worded in `language`,
    at `now` (default: now)."""
    shown = shown_price(product, now, language)
    return CardView(
        cover=picture(product.cover, product.name, COVER_SIZES, css="product-card__img"),
        price=format_fen(shown.price),
        from_price=shown.from_price,
        struck=format_fen(shown.struck) if shown.struck else "",
        badge=shown.badge,
        tags=shown.tags,
        countdown=shown.countdown,
        sales=sales_text(product.sales_count, language),
        words=card_words(language),
    )
