"""The product page's gallery: a slide per image and, with several, a thumbnail strip linking to
the slides (js/mall.js makes it swipe). Drawn here in one string each, as the card is: as
template loops, the slides and thumbnails of three images cost more than the rest of the
product's information together."""

from django.utils.translation import gettext as _
from markupsafe import Markup

from mall.core.templatetags.mall import picture

SLIDE_SIZES = "(max-width: 768px) 100vw, 520px"
THUMB_SIZES = "72px"


def gallery_slides(images: list[str], alt: str) -> Markup:
    """A <figure> per stored image name; the first loads at once, the rest lazily."""
    return Markup(
        "".join(
            f'<figure class="gallery__slide" id="photo-{number}">'
            f"{picture(name, alt, SLIDE_SIZES, eager=number == 1, css='gallery__img')}</figure>"
            for number, name in enumerate(images, 1)
        )
    )


def gallery_thumbs(images: list[str]) -> Markup:
    """A thumbnail per image, linking to its slide (the first marked active)."""
    label = Markup(_("第 %(number)s 张图片"))
    return Markup(
        "".join(
            f'<a class="gallery__thumb{" is-active" if number == 1 else ""}"'
            f' href="#photo-{number}" data-gallery-thumb="{number - 1}"'
            f' aria-label="{label % {"number": number}}">{picture(name, "", THUMB_SIZES)}</a>'
            for number, name in enumerate(images, 1)
        )
    )
