from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from mall.storefront.listing import encode_query

NAMES = st.sampled_from(["brand", "price_min", "price_max", "spec", "sort", "page", "page_size"])


@given(st.lists(st.tuples(NAMES, st.text(max_size=20)), max_size=6))
def test_query_strings_are_encoded_as_urlencode_encodes_them(params):
    assert encode_query(params) == urlencode(params)


def test_spec_values_are_quoted():
    assert encode_query([("spec", "颜色:红色 & 蓝"), ("page", "2")]) == (
        "spec=%E9%A2%9C%E8%89%B2%3A%E7%BA%A2%E8%89%B2+%26+%E8%93%9D&page=2"
    )
