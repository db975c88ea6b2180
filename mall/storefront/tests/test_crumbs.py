"""The breadcrumb trail's items (storefront.crumbs)."""

from types import SimpleNamespace

from mall.storefront.crumbs import crumb_items
from mall.storefront.routes import url


def test_every_category_links_to_its_listing_but_the_page_itself():
    trail = [
        SimpleNamespace(name="食品", slug="food"),
        SimpleNamespace(name="<零食>", slug="snacks"),
    ]
    assert crumb_items(trail, url) == (
        '<li><a href="/category/food/">食品</a></li>'
        '<li><span aria-current="page">&lt;零食&gt;</span></li>'
    )
    assert crumb_items(trail, url, current="坚果礼盒") == (
        '<li><a href="/category/food/">食品</a></li>'
        '<li><a href="/category/snacks/">&lt;零食&gt;</a></li>'
        '<li><span aria-current="page">坚果礼盒</span></li>'
    )
