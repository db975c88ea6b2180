"""The product page's gallery markup (storefront.gallery)."""

from django.utils import translation

from mall.storefront.gallery import gallery_slides, gallery_thumbs


def test_slides_load_the_first_image_at_once_and_the_rest_lazily():
    html = gallery_slides(["p/a.png", "p/b.png"], 'T恤 "新"')
    assert html.count('<figure class="gallery__slide"') == 2
    first, second = html.split('id="photo-2"')
    assert 'id="photo-1"' in first and 'loading="eager"' in first
    assert 'loading="lazy"' in second and 'alt="T恤 &quot;新&quot;"' in second


def test_thumbnails_link_to_their_slides_with_a_label_in_the_language():
    with translation.override("en"):
        html = gallery_thumbs(["p/a.png", "p/b.png"])
    assert '<a class="gallery__thumb is-active" href="#photo-1" data-gallery-thumb="0"' in html
    assert 'href="#photo-2" data-gallery-thumb="1" aria-label="Image 2"' in html
