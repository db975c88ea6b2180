import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.stats import CACHED_PAGE, SEARCH_P95_MS, page_target, percentile, summarize

timings = st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=200)
ranks = st.floats(min_value=0.1, max_value=100)


def test_nearest_rank_on_one_to_a_hundred():
    values = list(range(100, 0, -1))

    assert [percentile(values, p) for p in (1, 50, 95, 99, 100)] == [1, 50, 95, 99, 100]


def test_nearest_rank_rounds_up_between_samples():
    assert percentile([10, 20, 30, 40], 50) == 20
    assert percentile([10, 20, 30, 40], 51) == 30
    assert percentile([7], 99) == 7


@given(timings, ranks)
def test_percentile_is_a_sample_with_at_least_p_percent_at_or_below_it(values, p):
    result = percentile(values, p)

    assert result in values
    assert sum(v <= result for v in values) >= p / 100 * len(values)
    assert sum(v < result for v in values) < p / 100 * len(values)


@given(timings, ranks, ranks)
def test_percentile_grows_with_p(values, p, q):
    low, high = sorted((p, q))
    assert percentile(values, low) <= percentile(values, high)


@pytest.mark.parametrize("p", [0, -5, 100.5])
def test_percentile_outside_zero_to_a_hundred_is_refused(p):
    with pytest.raises(ValueError):
        percentile([1, 2, 3], p)


def test_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_summary():
    assert summarize(list(range(1, 201))) == {"p50": 100, "p95": 190, "p99": 198, "max": 200}


def test_targets_judge_ratios_from_below_and_times_from_above():
    assert CACHED_PAGE.met(0.7) and not CACHED_PAGE.met(0.69)
    assert SEARCH_P95_MS.met(50) and not SEARCH_P95_MS.met(50.1)
    assert CACHED_PAGE.met(None) is None
    assert (CACHED_PAGE.describe(), SEARCH_P95_MS.describe()) == ("≥ 0.7", "≤ 50")


def test_page_targets_follow_the_issue():
    assert page_target("home", cached=True) is CACHED_PAGE
    assert page_target("product", cached=False).limit == 0.25
    assert page_target("listing", cached=False).limit == 0.15
    assert page_target("home", cached=False) is None
    assert page_target("related", cached=True) is page_target("related", cached=False) is None
