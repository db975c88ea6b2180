"""The product card (storefront/_product_card.html): its values and its markup, in Python.

The card is drawn 20 times on a listing, 8 on a product page and 40 on the home page and search
results. As a Jinja template it cost more than the values it shows: each output goes through
markupsafe's escape into a new Markup, each include copies the page's context, each function the
template calls goes through Jinja's context.call, and each message translated through Django's
active language costs a few context-variable lookups. So the card's values are worked out in one
call (`product_card`), its constant wording once per language and process, and its markup is
one string built here (`card_html`), with every value escaped as the template would have.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from markupsafe import Markup, escape

from mall.catalog.models import Product
from mall.catalog.selectors import ProductCard
from mall.core.i18n import once_per_language
from mall.core.money import format_fen
from mall.core.templatetags.mall import picture
from mall.storefront.promo import Countdown, shown_price
from mall.storefront.routes import Links

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


@once_per_language
def card_words() -> CardWords:
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


@dataclass(frozen=True, slots=True)
class CardSetting:
    """What all the cards of one page share: the language, and the product page's URL around
    the id (reading the URLconf and script prefix costs more than the rest of a link)."""

    language: str
    link_head: Markup
    link_tail: Markup


def card_setting(language: str, links: Links) -> CardSetting:
    """The setting for cards in `language` with `links` (storefront.jinja.render makes one per
    page body)."""
    head, tail = links.around("storefront:product")
    return CardSetting(language, escape(head), escape(tail))


def card_html(
    product: Product | ProductCard,
    setting: CardSetting,
    rank: int | None = None,
    highlighted_name: Markup | None = None,
    now: datetime | None = None,
) -> Markup:
    """The card's markup: `rank` is a 热卖 position, `highlighted_name` the name as search
    marked it up (already escaped, <em> around the matched terms)."""
    card = product_card(product, setting.language, now)
    words = card.words
    href = f"{setting.link_head}{product.pk:d}{setting.link_tail}"
    return Markup(
        f'<a class="product-card" href="{href}">'
        f'<div class="product-card__media">{card.cover}{_rank(rank)}'
        f"{_sold_out(product.stock_total, words)}</div>"
        f'<div class="product-card__body"><h3 class="product-card__name">'
        f"{_name_badge(product, words)}{highlighted_name or escape(product.name)}</h3>"
        f'<p class="product-card__price"><strong class="price">{escape(card.price)}</strong>'
        f"{_from_price(card)}{_struck(card)}</p>{_promotion(card)}{_countdown(card.countdown)}"
        f'<p class="product-card__meta"><span class="product-card__shop">'
        f"{escape(product.shop.name)}</span> <span>{card.sales}</span></p></div></a>"
    )


def _rank(rank: int | None) -> str:
    if not rank:
        return ""
    top = " is-top" if rank <= 3 else ""
    return f'<span class="product-card__rank{top}">{rank:d}</span>'


def _sold_out(stock: int, words: CardWords) -> str:
    return f'<span class="product-card__soldout">{words.sold_out}</span>' if stock <= 0 else ""


def _name_badge(product: Product | ProductCard, words: CardWords) -> str:
    if product.is_new:
        return f'<span class="badge badge--new">{words.new}</span>'
    return f'<span class="badge">{words.hot}</span>' if product.is_hot else ""


def _from_price(card: CardView) -> str:
    return f'<span class="price-from">{card.words.from_price}</span>' if card.from_price else ""


def _struck(card: CardView) -> str:
    return f" <s>{escape(card.struck)}</s>" if card.struck else ""


def _promotion(card: CardView) -> str:
    if not (card.badge or card.tags):
        return ""
    badge = f'<span class="promo-badge">{escape(card.badge)}</span>' if card.badge else ""
    tags = "".join(f'<span class="promo-tag">{escape(tag)}</span>' for tag in card.tags)
    return f'<p class="promo-tags">{badge}{tags}</p>'


def _countdown(countdown: Countdown | None) -> str:
    if countdown is None:
        return ""
    return f'<p class="product-card__countdown">{countdown.html()}</p>'
