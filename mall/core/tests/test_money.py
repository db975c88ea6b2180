import pytest
from hypothesis import given
from hypothesis import strategies as st

from mall.core.money import fen_to_yuan_str, format_fen, yuan_to_fen


@pytest.mark.parametrize(
    ("fen", "text"), [(0, "¥0.00"), (5, "¥0.05"), (129900, "¥1,299.00"), (-250, "-¥2.50")]
)
def test_format_fen(fen, text):
    assert format_fen(fen) == text


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_yuan_string_round_trips(fen):
    assert yuan_to_fen(fen_to_yuan_str(fen)) == fen


@pytest.mark.parametrize(
    "bad", ["", "abc", "1.2.3", "NaN", "Infinity", "1e999", "9e999999999", "-9e999999999"]
)
def test_malformed_amounts_are_refused(bad):
    with pytest.raises(ValueError):
        yuan_to_fen(bad)
