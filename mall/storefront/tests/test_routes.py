import pytest
from django.urls import NoReverseMatch, reverse

from mall.storefront.routes import url


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
