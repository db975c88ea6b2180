"""The breadcrumb trail of the product page and the category listings (storefront/
_breadcrumbs.html): its items drawn in one string, as the card is."""

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from mall.catalog.models import Category


def crumb_items(
    categories: Sequence[Category], url: Callable[..., str], current: str = ""
) -> Markup:
    """An <li> per category, top first, each linking to its listing, except the last, which is
    the page itself unless `current` names the page (then that comes last, unlinked)."""
    last = len(categories) - 1
    items = [
        f'<li><span aria-current="page">{escape(category.name)}</span></li>'
        if position == last and not current
        else f'<li><a href="{escape(url("storefront:category", category.slug))}">'
        f"{escape(category.name)}</a></li>"
        for position, category in enumerate(categories)
    ]
    if current:
        items.append(f'<li><span aria-current="page">{escape(current)}</span></li>')
    return Markup("".join(items))
