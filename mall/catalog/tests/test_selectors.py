import pytest
from django.http import QueryDict

from mall.catalog import selectors
from mall.catalog.filters import Sort, parse_listing_filters
from mall.catalog.tests.factories import BrandFactory, ProductFactory, category_path

pytestmark = pytest.mark.django_db


def listing(query: str = "", **scope):
    return selectors.list_products(parse_listing_filters(QueryDict(query)), **scope)


@pytest.fixture
def shirts():
    leaf = category_path("服装", "男装", "T恤")
    brand = BrandFactory(name="李宁")
    red = ProductFactory(
        category=leaf, brand=brand, name="红T", skus=[(["红色", "M"], 5900, 5)],
        skus__spec_names=["颜色", "尺码"], sales_count=3,
    )  # fmt: skip
    blue = ProductFactory(
        category=leaf, name="蓝T", skus=[(["蓝色", "L"], 12900, 5)],
        skus__spec_names=["颜色", "尺码"], sales_count=9,
    )  # fmt: skip
    return leaf.parent.parent, brand, red, blue


def test_listing_of_a_top_category_includes_its_leaves(shirts):
    top, _, red, blue = shirts
    assert {p.pk for p in listing(category=top).products} == {red.pk, blue.pk}


def test_filters_by_brand_price_and_spec(shirts):
    top, brand, red, blue = shirts
    assert listing(f"brand={brand.pk}", category=top).products == [red]
    assert listing("price_min=100", category=top).products == [blue]
    assert listing("spec=颜色:蓝色", category=top).products == [blue]
    assert listing("spec=颜色:蓝色&spec=颜色:红色", category=top).total == 2


def test_sorting(shirts):
    top, _, red, blue = shirts
    assert listing("sort=price_asc", category=top).products == [red, blue]
    assert listing("sort=sales", category=top).products == [blue, red]


def test_facets_offer_the_scope_spec_values(shirts):
    top, *_ = shirts
    facets = {f.name: f.values for f in listing(category=top).facets}
    assert facets == {"颜色": ["红色", "蓝色"], "尺码": ["L", "M"]}


@pytest.mark.parametrize(
    "query",
    [
        "page=-3",
        "page=abc",
        "page=999999999999",
        "sort=evil",
        "price_min=x",
        "brand=1;2",
        "brand=²",
    ],
)
def test_malformed_parameters_give_a_clean_page(shirts, query):
    top, *_ = shirts
    page = listing(query, category=top)
    assert page.total == 2 and 1 <= page.page <= page.num_pages


def test_malformed_parameters_are_reported():
    filters = parse_listing_filters(QueryDict("sort=evil&price_max=abc"))
    assert filters.sort is Sort.DEFAULT and len(filters.errors) == 2


def test_listing_query_count_is_constant(shirts, django_assert_num_queries):
    top, *_ = shirts
    for _ in range(15):
        ProductFactory(category=top)
    with django_assert_num_queries(3):  # brand counts with the total, the page, the facets
        listing("page_size=60", category=top)


@pytest.mark.parametrize("sort", ["default", "sales", "price_asc", "price_desc", "new"])
@pytest.mark.parametrize("scope", ["category", "shop"])
def test_a_plain_listing_matches_the_same_listing_composed_with_filters(shirts, sort, scope):
    top, *_, red, _ = shirts
    ProductFactory.create_batch(4, category=top, shop=red.shop)
    where = {"category": top} if scope == "category" else {"shop": red.shop}
    plain = listing(f"sort={sort}&page_size=2&page=2", **where)
    composed = listing(f"sort={sort}&page_size=2&page=2&price_min=0", **where)  # filtered path
    assert [p.pk for p in plain.products] == [p.pk for p in composed.products]
    assert (plain.total, plain.page) == (composed.total, composed.page)
    assert [b.pk for b in plain.brands] == [b.pk for b in composed.brands]
    assert plain.facets == composed.facets
