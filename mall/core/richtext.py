"""Rich text from merchants is sanitised with nh3 on save, by every path that writes it: the
catalog's `save_product` (and so the admin), the importer's row planning, and seed_demo's builder,
which writes only what sanitising would return. Pages show the stored HTML as it is (`stored_html`)
instead of sanitising it again on every render."""

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "span", "div", "h2", "h3", "h4",
    "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    "img", "a", "figure", "figcaption", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def sanitize_html(html: str) -> str:
    """Keep formatting, drop scripts, event handlers, styles and javascript: URLs."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def stored_html(html: str | None) -> SafeString:
    """Rich text as saved: already sanitised on its way into the database, so not again."""
    return mark_safe(html or "")
