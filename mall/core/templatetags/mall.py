import json
from functools import lru_cache
from html import escape

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

from mall.core.images import THUMBNAIL_WIDTHS, thumbnail_url
from mall.core.money import format_fen

register = template.Library()

# What django.utils.html.json_script escapes, so no text can close the <script> element.
JSON_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


@lru_cache(maxsize=256)
def route_in(name: str, urlconf: str | None, prefix: str) -> str:
    """The URL of a route without arguments under `urlconf` and script `prefix`."""
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def route(name: str) -> str:
    """`{% url %}` for a route without arguments (the page chrome's links), worked out once per
    process: the answer only depends on the URLconf and the script prefix."""
    return route_in(name, get_urlconf(), get_script_prefix())


@register.simple_tag
@lru_cache(maxsize=256)
def asset(path: str) -> str:
    """`{% static %}` worked out once per process: the manifest does not change while it runs."""
    return static(path)


@register.simple_tag
@lru_cache(maxsize=1)
def language_choices() -> list[tuple[str, str]]:
    """(code, name in that language) of the available languages, for the language switch."""
    return [(code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES]


@receiver(setting_changed)
def _forget_chrome_answers(*, setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "STORAGES", "STATIC_URL", "LANGUAGES"}:
        route_in.cache_clear()
        asset.cache_clear()
        language_choices.cache_clear()


@register.filter
def fen(value: int | None) -> str:
    """Render integer fen as ¥1,299.00."""
    return format_fen(value)


@lru_cache(maxsize=8192)
def _sources(media_url: str, name: str) -> tuple[str, str, str]:
    """The escaped WebP srcset, JPEG src and JPEG srcset of a stored image, made from its name
    alone (`media_url` keys the cache, so a changed MEDIA_URL never serves old URLs)."""

    def srcset(fmt: str) -> str:
        return escape(", ".join(f"{thumbnail_url(name, w, fmt)} {w}w" for w in THUMBNAIL_WIDTHS))

    return srcset("webp"), escape(thumbnail_url(name, THUMBNAIL_WIDTHS[1], "jpg")), srcset("jpg")


@register.simple_tag
def picture(name: str, alt: str = "", sizes: str = "50vw", eager: bool = False, css: str = ""):
    """A <picture> with a WebP srcset, a JPEG fallback srcset and lazy loading (on every product
    card, so it is assembled directly rather than through format_html)."""
    if not name:
        return format_html('<div class="img-placeholder {}" aria-hidden="true"></div>', css)
    webp, fallback, jpg = _sources(settings.MEDIA_URL, name)
    sizes, css = escape(sizes), escape(css)
    alt = alt.__html__() if hasattr(alt, "__html__") else escape(alt)  # as conditional_escape
    loading = "eager" if eager else "lazy"
    return mark_safe(  # every value above is escaped
        f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        f'<img src="{fallback}" srcset="{jpg}" sizes="{sizes}" alt="{alt}" class="{css}"'
        f' loading="{loading}" decoding="async" width="480" height="480"></picture>'
    )


def script_json(value: object, ensure_ascii: bool = False) -> SafeString:
    """JSON with json_script's escaping, so no text in it can end a <script> element."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=ensure_ascii)
    for char, escaped in JSON_SCRIPT_ESCAPES:  # str.replace: translate() costs 50 µs a page
        data = data.replace(char, escaped)
    return mark_safe(data)


@register.filter
def json_ld(value: dict) -> SafeString:
    """A schema.org <script type="application/ld+json">: text such as `</script>` inside a
    product name cannot end the element."""
    return format_html('<script type="application/ld+json">{}</script>', script_json(value))


def json_data(value: object, element_id: str) -> SafeString:
    """django.utils.html.json_script, the same markup byte for byte, escaped as json_ld is."""
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        script_json(value, ensure_ascii=True),
    )
