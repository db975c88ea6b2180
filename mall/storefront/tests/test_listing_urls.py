"""ListingUrls joins query parts encoded once; each URL must equal the one encoded whole from
the changed filters by query_params (the canonical query string)."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from mall.catalog.filters import ListingFilters, Sort
from mall.storefront.listing import ListingUrls, encode_query, query_params

PATH = "/category/food/"
TEXT = st.sampled_from(["红色", "蓝 & 绿", "a:b", "6盒装", "x+y", "%20"])

filters = st.builds(
    ListingFilters,
    brand_ids=st.lists(st.integers(1, 40), max_size=3).map(lambda ids: sorted(set(ids))),
    price_min=st.none() | st.integers(0, 10**6),
    price_max=st.none() | st.integers(0, 10**6),
    specs=st.dictionaries(TEXT, st.lists(TEXT, min_size=1, max_size=3), max_size=3),
    sort=st.sampled_from(list(Sort)),
    page=st.integers(1, 30),
    page_size=st.sampled_from([20, 40]),
    errors=st.just(["出错了"]),
)


def whole(current: ListingFilters, **changes) -> str:
    changes.setdefault("page", 1)
    query = encode_query(query_params(replace(current, **changes)))
    return f"{PATH}?{query}" if query else PATH


def toggled_specs(current: ListingFilters, name: str, value: str) -> dict[str, list[str]]:
    specs = {key: list(values) for key, values in current.specs.items()}
    chosen = specs.setdefault(name, [])
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    return {key: values for key, values in specs.items() if values}


@given(filters, st.integers(1, 30), st.sampled_from(list(Sort)), st.integers(1, 40))
def test_pages_sorts_brands_and_clearing(current, number, sort, brand):
    urls = ListingUrls(PATH, current)
    assert urls.page(number) == whole(current, page=number)
    assert urls.sorted_by(sort) == whole(current, sort=sort)
    brands = sorted(set(current.brand_ids) ^ {brand})
    assert urls.toggle_brand(brand) == whole(current, brand_ids=brands)
    assert urls.without_price() == whole(current, price_min=None, price_max=None)
    cleared = whole(current, brand_ids=[], specs={}, price_min=None, price_max=None)
    assert urls.cleared() == cleared


@given(filters, TEXT, TEXT)
def test_spec_toggles(current, name, value):
    urls = ListingUrls(PATH, current)
    specs = toggled_specs(current, name, value)
    assert urls.toggle_spec(name, value) == whole(current, specs=specs)
    for chosen_name, values in current.specs.items():
        for chosen in values:
            specs = toggled_specs(current, chosen_name, chosen)
            assert urls.toggle_spec(chosen_name, chosen) == whole(current, specs=specs)
