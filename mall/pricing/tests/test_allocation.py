import pytest
from hypothesis import given
from hypothesis import strategies as st

from mall.pricing import allocate


def test_leftover_fen_go_to_the_largest_remainders():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [3, 3, 4]) == [3, 3, 4]
    assert allocate(1000, [2999, 1, 7000]) == [300, 0, 700]
    assert allocate(5, [10, 30]) == [1, 4]


def test_ties_go_to_the_earlier_weight():
    assert allocate(1, [5, 5]) == [1, 0]
    assert allocate(2, [1, 1, 1]) == [1, 1, 0]


def test_zero_weights_take_nothing():
    assert allocate(7, [0, 3, 0]) == [0, 7, 0]
    assert allocate(0, [0, 0]) == [0, 0]
    assert allocate(0, []) == []


@pytest.mark.parametrize(("amount", "weights"), [(-1, [1]), (1, [1, -1]), (1, [0, 0]), (5, [])])
def test_impossible_splits_are_refused(amount, weights):
    with pytest.raises(ValueError):
        allocate(amount, weights)


weights_lists = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30).filter(
    lambda ws: sum(ws) > 0
)


@given(amount=st.integers(min_value=0, max_value=10**12), weights=weights_lists)
def test_shares_are_exact_bounded_and_deterministic(amount, weights):
    shares = allocate(amount, weights)
    total = sum(weights)
    assert sum(shares) == amount
    for share, weight in zip(shares, weights, strict=True):
        assert amount * weight // total <= share <= -(-amount * weight // total)
    assert allocate(amount, list(weights)) == shares
