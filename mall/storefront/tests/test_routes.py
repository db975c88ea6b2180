import pytest
from django.urls import NoReverseMatch, reverse

from mall.storefront.routes import Links, url


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("storefront:home", ()),
        ("storefront:product", (42,)),
        ("storefront:category", ("shampoo",)),
        ("storefront:shop", ("hushang-fresh_2",)),
    ],
)
def test_remembered_routes_match_reverse(name, args):
    assert url(name, *args) == url(name, *args) == reverse(name, args=args)


@pytest.mark.parametrize(
    ("name", "arg"), [("storefront:product", "not-an-id"), ("storefront:category", "洗发水")]
)
def test_an_argument_the_route_cannot_take_still_fails(name, arg):
    with pytest.raises(NoReverseMatch):
        url(name, arg)


def test_links_read_the_script_prefix_in_force_when_made():
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    try:
        set_script_prefix("/mall/")
        links = Links.current()
        assert links.url("storefront:product", 42) == "/mall/product/42/"
        assert links.url("storefront:home") == "/mall/"
    finally:
        set_script_prefix(before)
    assert Links.current().url("storefront:product", 42) == "/product/42/"
