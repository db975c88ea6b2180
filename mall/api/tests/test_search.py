from urllib.parse import quote_plus

import pytest

from mall.catalog.tests.factories import ProductFactory, category_path
from mall.search.services import index_products


@pytest.fixture
def indexed(db):
    def make(**fields):
        product = ProductFactory(**fields)
        index_products([product.pk])
        return product

    return make


@pytest.fixture
def shampoos(indexed):
    leaf = category_path("美妆个护", "洗护", "洗发水")
    return [
        indexed(name="清扬男士去屑洗发水", category=leaf, skus__price=4590, sales_count=120),
        indexed(name="海飞丝丝质柔滑洗发水", category=leaf, skus__price=3990, sales_count=300),
    ]


def test_results_carry_items_with_highlighted_names_and_money(get, shampoos):
    data = get("/search", q="男士 洗发").data

    assert (data["query"], data["total"], data["page"], data["num_pages"]) == ("男士 洗发", 1, 1, 1)
    [item] = data["items"]
    assert item["name"] == "清扬男士去屑洗发水"
    assert item["highlighted_name"] == "清扬<em>男士</em>去屑<em>洗发</em>水"
    assert item["price_min"] == {"fen": 4590, "display": "¥45.90"}


def test_sort_and_paging(get, shampoos):
    data = get("/search", q="洗发水", sort="price_asc", page_size=1, page=2).data

    assert (data["sort"], data["total"], data["page"], data["num_pages"]) == ("price_asc", 2, 2, 2)
    assert [i["name"] for i in data["items"]] == ["清扬男士去屑洗发水"]


def test_a_category_narrows_the_search(get, shampoos, indexed):
    indexed(name="洗发水收纳架", category=category_path("家居", "收纳", "浴室收纳"))

    data = get("/search", q="洗发水", category=shampoos[0].category.parent.pk).data

    assert data["total"] == 2


def test_no_results_offer_alternatives_and_best_sellers(get, shampoos):
    data = get("/search", q="男士 香水").data

    assert (data["total"], data["items"]) == (0, [])
    assert [a["name"] for a in data["alternatives"]] == ["清扬男士去屑洗发水"]
    assert [h["name"] for h in data["hot"]] == ["海飞丝丝质柔滑洗发水", "清扬男士去屑洗发水"]


def test_markup_in_a_name_is_escaped_in_the_highlight(get, indexed):
    indexed(name="<img src=x onerror=alert(1)>洗发水")

    [item] = get("/search", q="洗发水").data["items"]

    assert item["name"] == "<img src=x onerror=alert(1)>洗发水"
    assert item["highlighted_name"] == "&lt;img src=x onerror=alert(1)&gt;<em>洗发水</em>"


def test_a_search_takes_the_same_queries_whatever_the_page_size(
    get, indexed, django_assert_max_num_queries
):
    for n in range(25):
        indexed(name=f"洗发水{n}号")

    with django_assert_max_num_queries(2):
        response = get("/search", q="洗发水", page_size=60)

    assert len(response.data["items"]) == 25


def test_suggestions_link_categories_and_searches(get, shampoos, settings):
    settings.SITE_URL = "https://mall.example"

    data = get("/search/suggest", q="洗发").data

    category, *names = data["suggestions"]
    assert category == {
        "text": "洗发水",
        "highlighted": "<em>洗发</em>水",
        "kind": "category",
        "url": f"https://mall.example/category/{shampoos[0].category.slug}/",
    }
    assert "清扬男士去屑洗发水" in [n["text"] for n in names]
    assert {n["kind"] for n in names} == {"query"}
    assert names[0]["url"] == f"https://mall.example/search/?q={quote_plus(names[0]['text'])}"
