"""What a shopper is shown of a product's promotion, read from the materialised columns
(`Product.promo_price_min`, `promo_until`, `promo_badge`, `promo_tags`, `Sku.promo_price`) that
the promotions app keeps current: no query of its own, for a card or a product page alike.

A promotion price counts while it is below the list price and its `promo_until` has not
passed: between the end of a time slot and the next refresh of the columns the list price is
shown again, so a page built then never shows a price that has ended.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from mall.catalog.models import Product
from mall.catalog.selectors import promotion_running
from mall.core import promo_text
from mall.core.i18n import once_per_language
from mall.core.money import format_fen
from mall.pricing.rules import SHANGHAI, Audience

SECONDS_PER_DAY = 86_400


class Promoted(Protocol):
    """A Product or a selectors.ProductCard: the columns a shown price is made of."""

    price_min: int
    price_max: int
    market_price: int
    promo_price_min: int | None
    promo_until: datetime | None
    promo_badge: dict
    promo_tags: list[str]


@dataclass(frozen=True, slots=True)
class CountdownWords:
    """A countdown's wording in one language: the formats the script ticks with (`remaining`,
    `days`, `done`), the end's wall-clock time (`clock`) and its title (`ends`)."""

    remaining: str  # "距结束 %(time)s"
    days: str  # "%(days)s天 %(time)s"
    done: str
    clock: str  # "%(month)s月%(day)s日 %(time)s"
    ends: str  # "%(time)s 结束"


@once_per_language
def countdown_words() -> CountdownWords:
    """Looked up once per language: a listing of 限时 prices has a countdown on most cards."""
    return CountdownWords(
        remaining=_("距结束 %(time)s"),
        days=_("%(days)s天 %(time)s"),
        done=_("已结束"),
        clock=_("%(month)s月%(day)s日 %(time)s"),
        ends=_("%(time)s 结束"),
    )


@dataclass(frozen=True, slots=True)
class Countdown:
    """The end of a 限时 price: `iso` (Asia/Shanghai) for the script that ticks, `text` for a
    page read without it, in the language of `words`."""

    ends_at: datetime
    iso: str
    text: str
    clock: str  # the end as a wall-clock time, e.g. "11月26日 21:00"
    words: CountdownWords

    @property
    def title(self) -> str:
        """'11月26日 21:00 结束'."""
        return self.words.ends % {"time": self.clock}

    def html(self, reload: bool = False) -> Markup:
        """The <time> that js/promo.js ticks every second from the end instant (its text is
        right for a page read without scripts); with `reload` the script reloads the page's
        prices at zero. Drawn on most cards of a 限时 listing, so built here in one go."""
        words = self.words
        iso = escape(self.iso)
        return Markup(
            f'<time class="countdown" datetime="{iso}" data-promo-end="{iso}"'
            f' data-format="{escape(words.remaining)}" data-days="{escape(words.days)}"'
            f' data-done="{escape(words.done)}"{" data-reload" if reload else ""}'
            f' title="{escape(self.title)}">{escape(self.text)}</time>'
        )


@dataclass(frozen=True, slots=True)
class ShownPrice:
    """The price a shopper sees: `price` (from-price of the product), the one `struck` price
    (0 = none: the list price under a promotion, else the 划线价 when it is higher), whether
    the product has dearer variants (`from_price`), the badge text and tag labels."""

    price: int
    struck: int
    from_price: bool
    promoted: bool
    badge: str = ""
    tags: tuple[str, ...] = ()
    countdown: Countdown | None = None


def badge_of(product: Promoted, language: str) -> str:
    badge = product.promo_badge or {}
    code = badge.get("code")
    return promo_text.badge_text(code, badge.get("params") or {}, language) if code else ""


def countdown_text(seconds: int, words: CountdownWords) -> str:
    """'距结束 02:13:05', or with days '距结束 3天 02:13:05'."""
    days, rest = divmod(max(0, seconds), SECONDS_PER_DAY)
    hours, rest = divmod(rest, 3600)
    clock = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    if days:
        clock = words.days % {"days": days, "time": clock}
    return words.remaining % {"time": clock}


def countdown(ends_at: datetime, now: datetime, language: str) -> Countdown:
    local = ends_at.astimezone(SHANGHAI)
    words = countdown_words(language)
    return Countdown(
        ends_at=ends_at,
        iso=local.isoformat(timespec="seconds"),
        text=countdown_text(math.ceil((ends_at - now).total_seconds()), words),
        clock=words.clock
        % {"month": local.month, "day": local.day, "time": f"{local.hour:02d}:{local.minute:02d}"},
        words=words,
    )


def shown_price(
    product: Promoted, now: datetime | None = None, language: str | None = None
) -> ShownPrice:
    """What a card shows of `product` at `now` (default: now), worded in `language` (default:
    the active one; looking it up costs as much as translating a message)."""
    now = now or timezone.now()
    language = language or translation.get_language()
    tags = promo_text.tag_labels(language, tuple(product.promo_tags or ()))
    from_price = product.price_max > product.price_min  # variants cost differently
    if promotion_running(product, now):
        until = product.promo_until
        return ShownPrice(
            price=product.promo_price_min,
            struck=product.price_min,
            from_price=from_price,
            promoted=True,
            badge=badge_of(product, language),
            tags=tags,
            countdown=countdown(until, now, language) if until is not None else None,
        )
    struck = product.market_price if product.market_price > product.price_min else 0
    return ShownPrice(
        price=product.price_min, struck=struck, from_price=from_price, promoted=False, tags=tags
    )


def sku_price(price: int, promo_price: int | None, running: bool) -> int:
    """A SKU's price as shown: its promotion price while the product's promotion runs."""
    return promo_price if running and promo_price is not None and promo_price < price else price


def price_text(low: int, high: int) -> str:
    """'¥59.00', or a range '¥59.00 – ¥79.00'."""
    return format_fen(low) if high <= low else f"{format_fen(low)} – {format_fen(high)}"


def struck_price(price: int, shown: int, market_price: int) -> int:
    """The one price struck through beside `shown`: the list price under a promotion, else
    the 划线价 when it is higher (0 = none)."""
    if shown < price:
        return price
    return market_price if market_price > price else 0


@dataclass(frozen=True)
class PriceBox:
    """The product page's price: from `low` to `high` over the SKUs as shown, the `struck`
    text (the list range under a promotion, else the 划线价) and the badge, tags and countdown
    of `shown`."""

    shown: ShownPrice
    low: int
    high: int
    struck: str

    @property
    def text(self) -> str:
        return price_text(self.low, self.high)

    @property
    def valid_until(self) -> datetime | None:
        return self.shown.countdown.ends_at if self.shown.countdown else None


def price_box(product: Product, now: datetime) -> PriceBox:
    shown = shown_price(product, now)
    if not shown.promoted:
        struck = format_fen(shown.struck) if shown.struck else ""
        return PriceBox(shown, product.price_min, product.price_max, struck)
    prices = [sku_price(s.price, s.promo_price, True) for s in product.active_skus]
    low, high = (min(prices), max(prices)) if prices else (shown.price, product.price_max)
    return PriceBox(shown, low, high, price_text(product.price_min, product.price_max))


def audience_label(audience: Audience) -> str:
    """Who a rule is for, when not for everyone: 新人专享, 会员专享, 指定客户专享."""
    if audience.new_shoppers_only:
        return _("新人专享")
    if audience.min_member_rank:
        return _("会员专享")
    if audience.groups or audience.tags:
        return _("指定客户专享")
    return ""


def earliest_end(products: Iterable[Promoted], now: datetime | None = None) -> datetime | None:
    """The first `promo_until` still ahead among products whose promotion price is shown: a page
    showing them must be rebuilt by then."""
    now = now or timezone.now()
    ends = [p.promo_until for p in products if promotion_running(p, now) and p.promo_until]
    return min(ends, default=None)
