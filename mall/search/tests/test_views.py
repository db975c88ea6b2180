from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESULTS = reverse("search:results")
SUGGEST = reverse("search:suggest")


def test_results_page(client, shampoo):
    response = client.get(RESULTS, {"q": "洗发水"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>“洗发水” 的搜索结果" in html
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/search/?q=%E6%B4%97%E5%8F%91%E6%B0%B4">'
        in html
    )
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "清扬男士去屑<em>洗发水</em>" in html


def test_markup_in_names_and_queries_is_shown_as_text(client, indexed):
    indexed(name="<script>alert(1)</script>洗发水")
    html = client.get(RESULTS, {"q": "<script>洗发水"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;<em>script</em>&gt;alert(1)&lt;/<em>script</em>&gt;<em>洗发水</em>" in html
    assert "“&lt;script&gt;洗发水” 的搜索结果" in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "0"},
        {"page": "99999999999999999999999"},
        {"page": "abc"},
        {"page": "1e3"},
        {"page": "２"},
        {"sort": "nonsense"},
        {"category": "-3"},
        {"category": "99999999999999999999999"},
        {"q": "x" * 2000},
        {"q": '"AND(*'},
    ],
)
def test_bad_parameters_give_a_clean_page(client, shampoo, params):
    response = client.get(RESULTS, {"q": "洗发水", **params})
    assert response.status_code == 200


def test_sort_and_page_links_keep_the_query(client, indexed):
    for n in range(21):
        indexed(name=f"保温杯 {n}")
    html = client.get(RESULTS, {"q": "保温杯", "sort": "price_asc"}).content.decode()
    q = "q=%E4%BF%9D%E6%B8%A9%E6%9D%AF"
    price_tab = f'href="/search/?{q}&amp;sort=price_desc" rel="nofollow" aria-current="true">'
    assert price_tab + "价格 ↑" in html
    assert f'href="/search/?{q}&amp;sort=sales"' in html
    assert f'href="/search/?{q}&amp;sort=price_asc&amp;page=2" rel="next"' in html


def test_no_results_page_offers_alternatives(client, shampoo):
    html = client.get(RESULTS, {"q": "女士 洗发水"}).content.decode()
    assert "没有找到与“女士 洗发水”相关的商品" in html
    assert "清扬男士去屑<em>洗发水</em>" in html
    assert "热卖推荐" in html


def test_an_empty_search_asks_for_words(client, shampoo):
    response = client.get(RESULTS)
    assert response.status_code == 200
    assert "请输入要搜索的商品" in response.content.decode()


def test_search_only_answers_get(client):
    assert client.post(RESULTS, {"q": "x"}).status_code == 405


def test_results_page_queries_are_bounded(client, indexed, django_assert_max_num_queries):
    for n in range(30):
        indexed(name=f"保温杯 {n}")
    client.get(RESULTS, {"q": "保温杯"})
    with django_assert_max_num_queries(4):
        client.get(RESULTS, {"q": "保温杯"})


def test_suggestions_fragment_for_htmx(client, shampoo):
    response = client.get(SUGGEST, {"q": "去屑"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a class="search-suggest__item" href="/search/?q=' in html
    assert "清扬男士<em>去屑</em>洗发水" in html
    assert "Accept" in response["Vary"]


def test_suggestions_as_json(client, shampoo):
    response = client.get(SUGGEST, {"q": "洗发"}, headers={"Accept": "application/json"})
    data = response.json()
    assert data["query"] == "洗发"
    assert data["suggestions"][0] == {
        "text": "洗发水",
        "url": reverse("storefront:category", args=[shampoo.category.slug]),
        "kind": "category",
    }
    name = "清扬男士去屑洗发水"
    expected = {"text": name, "url": f"{RESULTS}?{urlencode({'q': name})}", "kind": "query"}
    assert expected in data["suggestions"]


@pytest.mark.parametrize("q", ["", '"', "(", "😀", "x" * 2000])
def test_odd_suggestion_input_is_an_empty_fragment(client, q):
    response = client.get(SUGGEST, {"q": q})
    assert response.status_code == 200
    assert "<li" not in response.content.decode()


def test_search_box_posts_to_results_and_asks_for_suggestions():
    from mall.storefront import jinja

    html = jinja.render("chrome/_search_box.html", {"search_query": '"><b>'})
    assert f'action="{RESULTS}"' in html
    assert f'hx-get="{SUGGEST}"' in html
    assert 'hx-trigger="input changed delay:200ms"' in html
    assert 'name="q" value="&#34;&gt;&lt;b&gt;"' in html  # escaped, no tag
