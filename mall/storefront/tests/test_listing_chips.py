"""Filter chips are drawn in Python (listing.chip); the markup must be what the template drew."""

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import escape

from mall.catalog.filters import ListingFilters
from mall.catalog.selectors import Facet, ProductPage, Ref
from mall.storefront.listing import ListingUrls, brand_chips, chip, escaped, facet_rows

TEMPLATE = Environment(autoescape=True).from_string(
    '<a class="chip{% if active %} is-active{% endif %}" href="{{ url }}" hx-get="{{ url }}"'
    ' rel="nofollow"{% if active %} aria-pressed="true"{% endif %}>{{ label }}</a>'
)
TEXT = st.text(alphabet=st.sampled_from("红色 &<>\"'a:b%+"), max_size=8)


@given(st.text())
def test_text_is_escaped_as_markupsafe_escapes_it(text):
    assert escaped(text) == str(escape(text))


@given(TEXT, TEXT, st.booleans())
def test_a_chip_is_the_markup_the_template_drew(label, url, active):
    assert chip(label, url, active) == TEMPLATE.render(label=label, url=url, active=active)


def test_rows_mark_the_chosen_brands_and_values():
    filters = ListingFilters(brand_ids=[2], specs={"颜色": ["红 & 蓝"]})
    urls = ListingUrls("/category/food/", filters)
    page = ProductPage([], 0, 1, 20, brands=[Ref(1, "A&B", "ab"), Ref(2, "李宁", "lining")])
    assert brand_chips(urls, page) == (
        '<a class="chip" href="/category/food/?brand=1&amp;brand=2&amp;spec=%E9%A2%9C%E8%89%B2'
        '%3A%E7%BA%A2+%26+%E8%93%9D" hx-get="/category/food/?brand=1&amp;brand=2&amp;spec='
        '%E9%A2%9C%E8%89%B2%3A%E7%BA%A2+%26+%E8%93%9D" rel="nofollow">A&amp;B</a>'
        '<a class="chip is-active" href="/category/food/?spec=%E9%A2%9C%E8%89%B2%3A%E7%BA%A2+%26+'
        '%E8%93%9D" hx-get="/category/food/?spec=%E9%A2%9C%E8%89%B2%3A%E7%BA%A2+%26+%E8%93%9D"'
        ' rel="nofollow" aria-pressed="true">李宁</a>'
    )
    [row] = facet_rows(urls, [Facet("颜色", ["红 & 蓝", "绿"])])
    assert row.name == "颜色"
    assert row.chips.count('class="chip is-active"') == 1
    assert '>红 &amp; 蓝</a><a class="chip" href="/category/food/?brand=2&amp;spec=' in row.chips
