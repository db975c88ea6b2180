import re

from hypothesis import given
from hypothesis import strategies as st

from mall.customers.models import mask_mobile, normalize_mobile

MOBILE = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(MOBILE, st.sampled_from(["", "+86", "86", "0086", "+86 "]), st.sampled_from([" ", "-", ""]))
def test_a_mobile_survives_prefixes_and_separators(mobile, prefix, sep):
    typed = f"{prefix}{mobile[:3]}{sep}{mobile[3:7]}{sep}{mobile[7:]}"

    assert normalize_mobile(typed) == mobile


@given(st.text(max_size=20))
def test_anything_else_normalises_to_a_mobile_or_nothing(text):
    result = normalize_mobile(text)

    assert result is None or re.fullmatch(r"1[3-9]\d{9}", result)


def test_masking_keeps_the_first_three_and_last_four_digits():
    assert mask_mobile("13800138000") == "138****8000"
    assert mask_mobile(None) == ""
