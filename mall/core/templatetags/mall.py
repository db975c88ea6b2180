from django import template
from django.conf import settings
from django.utils.html import format_html

from mall.core.images import THUMBNAIL_WIDTHS, thumbnail_name
from mall.core.money import format_fen

register = template.Library()


@register.filter
def fen(value: int | None) -> str:
    """Render integer fen as ¥1,299.00."""
    return format_fen(value)


def _srcset(name: str, fmt: str) -> str:
    return ", ".join(
        f"{settings.MEDIA_URL}{thumbnail_name(name, w, fmt)} {w}w" for w in THUMBNAIL_WIDTHS
    )


@register.simple_tag
def picture(name: str, alt: str = "", sizes: str = "50vw", eager: bool = False, css: str = ""):
    """A <picture> with a WebP srcset, a JPEG fallback srcset and lazy loading."""
    if not name:
        return format_html('<div class="img-placeholder {}" aria-hidden="true"></div>', css)
    fallback = f"{settings.MEDIA_URL}{thumbnail_name(name, THUMBNAIL_WIDTHS[1], 'jpg')}"
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" class="{}" loading="{}" decoding="async"'
        ' width="480" height="480"></picture>',
        _srcset(name, "webp"),
        sizes,
        fallback,
        _srcset(name, "jpg"),
        sizes,
        alt,
        css,
        "eager" if eager else "lazy",
    )
