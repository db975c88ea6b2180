import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mall.catalog.models import Product
from mall.catalog.tests.factories import BrandFactory, CategoryFactory, category_path
from mall.merchants.models import Shop
from mall.merchants.tests.factories import ShopFactory
from mall.search.selectors import search_products

pytestmark = pytest.mark.django_db


def names(page):
    return [p.name for p in page.products]


@pytest.mark.parametrize(
    "query", ["洗发水", "男士 洗发", "男士洗发水", "去屑", "清扬", "洗护", "控油", "xfs", "屑"]
)
def test_chinese_words_find_the_product(shampoo, query):
    assert names(search_products(query)) == ["清扬男士去屑洗发水"]


def test_every_word_must_match(shampoo, indexed):
    indexed(name="女士柔顺洗发水")
    assert names(search_products("男士 洗发")) == ["清扬男士去屑洗发水"]
    assert set(names(search_products("洗发"))) == {"清扬男士去屑洗发水", "女士柔顺洗发水"}


def test_a_single_character_finds_the_words_containing_it(indexed):
    indexed(name="李宁男子运动鞋")
    indexed(name="李宁速干T恤")
    assert names(search_products("鞋")) == ["李宁男子运动鞋"]


def test_pinyin_initials_find_and_highlight_the_word(indexed):
    phone = indexed(name="华为 Mate 60 手机")
    indexed(name="手提包")
    page = search_products("sj")
    assert page.products == [phone]
    assert page.hits[0].highlighted_name == "华为 Mate 60 <em>手机</em>"


def test_latin_words_ignore_case_and_width(indexed):
    phone = indexed(name="Apple iPhone 15 Pro")
    assert search_products("iphone").products == [phone]
    assert search_products("ＩＰＨＯＮＥ　１５").products == [phone]


def test_a_name_match_ranks_above_a_subtitle_match(shampoo, indexed):
    conditioner = indexed(name="护发素", subtitle="搭配洗发水使用效果更好", sales_count=9999)
    assert search_products("洗发水").products == [shampoo, conditioner]


def test_more_matched_fields_rank_higher(indexed):
    leaf = category_path("数码", "手机通讯", "手机")
    case = indexed(name="手机壳 透明防摔", sales_count=500)
    phone = indexed(name="小米 14 手机", category=leaf, keywords="手机,5G手机", sales_count=1)
    assert search_products("手机").products == [phone, case]


@pytest.mark.parametrize(
    "hide",
    [
        lambda p: Product.objects.filter(pk=p.pk).update(status=Product.Status.OFF_SHELF),
        lambda p: Product.objects.filter(pk=p.pk).update(status=Product.Status.DRAFT),
        lambda p: Shop.objects.filter(pk=p.shop_id).update(status=Shop.Status.SUSPENDED),
        lambda p: type(p.category).objects.filter(pk=p.category_id).update(is_active=False),
    ],
    ids=["off-shelf", "draft", "shop-suspended", "category-inactive"],
)
def test_invisible_products_are_never_returned_even_before_reindexing(shampoo, indexed, hide):
    other = indexed(name="海飞丝洗发水")
    hide(shampoo)
    page = search_products("洗发水")
    assert page.products == [other]
    assert page.total == 1


def test_category_filter_covers_the_subtree(shampoo, indexed):
    indexed(name="洗发水收纳架", category=CategoryFactory(name="家居"))
    top = shampoo.category.parent.parent
    assert search_products("洗发水", category_id=top.pk).products == [shampoo]
    assert search_products("洗发水", category_id=shampoo.category_id).products == [shampoo]
    assert search_products("洗发水", category_id=10**9).products == []


@pytest.fixture
def kettles(indexed):
    return [
        indexed(name="电热水壶 1.5L", skus__price=9900, sales_count=5),
        indexed(name="电热水壶 不锈钢", skus__price=4900, sales_count=50),
        indexed(name="电热水壶 智能保温", skus__price=19900, sales_count=20),
    ]


@pytest.mark.parametrize(
    ("sort", "order"),
    [("sales", [1, 2, 0]), ("price_asc", [1, 0, 2]), ("price_desc", [2, 0, 1]), ("new", [2, 1, 0])],
)
def test_sorting(kettles, sort, order):
    Product.objects.filter(pk=kettles[2].pk).update(published_at="2026-03-01T00:00Z")
    Product.objects.filter(pk=kettles[1].pk).update(published_at="2026-02-01T00:00Z")
    Product.objects.filter(pk=kettles[0].pk).update(published_at="2026-01-01T00:00Z")
    assert search_products("热水壶", sort=sort).products == [kettles[i] for i in order]


def test_an_unknown_sort_falls_back_to_relevance(kettles):
    page = search_products("热水壶", sort="drop table")
    assert page.sort == "relevance"
    assert len(page.products) == 3


def test_pages_hold_page_size_and_a_page_past_the_end_shows_the_last(kettles):
    first = search_products("热水壶", page=1, page_size=2, sort="sales")
    last = search_products("热水壶", page=999, page_size=2, sort="sales")
    assert (first.total, first.num_pages, first.has_next) == (3, 2, True)
    assert first.products == [kettles[1], kettles[2]]
    assert (last.page, last.products, last.has_previous) == (2, [kettles[0]], True)


def test_no_results_offer_products_matching_some_words_and_best_sellers(shampoo, indexed):
    best_seller = indexed(name="五常大米 5kg", sales_count=10_000)
    page = search_products("女士 洗发水")
    assert page.total == 0 and page.products == []
    assert [hit.product for hit in page.alternatives] == [shampoo]
    assert page.alternatives[0].highlighted_name == "清扬男士去屑<em>洗发水</em>"
    assert page.hot[0] == best_seller


def test_alternatives_complete_the_last_word_as_a_prefix(indexed):
    phone = indexed(name="Apple iPhone 15")
    page = search_products("iph")
    assert page.total == 0
    assert [hit.product for hit in page.alternatives] == [phone]


def test_an_empty_query_shows_best_sellers_only(shampoo):
    page = search_products("   ")
    assert (page.total, page.products, page.alternatives, page.hot) == (0, [], [], [shampoo])


def test_names_are_highlighted_and_escaped(indexed):
    indexed(name='<img src=x onerror="alert(1)">洗发水')
    [hit] = search_products("洗发水").hits
    assert "<img" not in hit.highlighted_name
    assert hit.highlighted_name.endswith("&gt;<em>洗发水</em>")


def test_results_take_a_constant_number_of_queries(indexed, django_assert_num_queries):
    brand, shop = BrandFactory(), ShopFactory()
    for n in range(25):
        indexed(name=f"保温杯 {n} 号", brand=brand, shop=shop)
    search_products("保温杯")  # jieba loaded, caches warm
    with django_assert_num_queries(2):  # ranked ids with the count, then their products
        page = search_products("保温杯")
        [(p.shop.name, p.brand.name) for p in page.products]
    with django_assert_num_queries(4):  # ranking, relaxed ranking and products, best sellers
        assert search_products("保温杯 烤箱").alternatives


MALFORMED = ['"', "*", "AND", "OR", "NOT", "(", ")", "NEAR(a b)", "a:b", "^x", "-", "'", "\\",
             "\x00", "%", "_", "{title}:x", '洗发水"*', "x" * 2000, "洗" * 2000, "😀🧴",
             "AND 洗发水 OR", "' OR 1=1 --", "\u202e\u200b"]  # fmt: skip


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_queries_never_error(shampoo, query):
    page = search_products(query)
    assert page.total >= 0
    assert len(page.query) <= 64


def test_operator_words_are_searched_as_words(shampoo, indexed):
    book = indexed(name="AND OR NOT 逻辑入门")
    assert search_products("and").products == [book]
    assert search_products('"洗发水"').products == [shampoo]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=80))
def test_any_text_is_a_valid_query(shampoo, query):
    search_products(query, sort="price_asc")


def test_spec_values_are_searchable(indexed):
    dress = indexed(
        name="碎花连衣裙",
        skus=[(["红色", "M"], 19900, 5), (["白色", "L"], 19900, 5)],
        skus__spec_names=["颜色", "尺码"],
    )
    indexed(name="纯色连衣裙", skus=[(["黑色"], 9900, 5)], skus__spec_names=["颜色"])
    assert search_products("红色 连衣裙").products == [dress]


@pytest.mark.parametrize("query", ["T恤", "t恤", "Ｔ恤"])
def test_latin_letters_inside_chinese_words_match_whatever_the_case(indexed, query):
    shirt = indexed(name="李宁速干T恤")
    assert search_products(query).products == [shirt]


def test_only_the_best_matches_are_ranked_and_the_page_says_there_are_more(indexed, monkeypatch):
    monkeypatch.setattr("mall.search.backends.base.MAX_CANDIDATES", 2)
    best = indexed(name="保温杯 保温杯", skus__price=9000)
    good = indexed(name="保温杯", skus__price=100)
    indexed(name="水杯", subtitle="可当保温杯用", skus__price=1)
    page = search_products("保温杯", sort="price_asc")
    assert (page.products, page.total, page.more) == ([good, best], 2, True)
    assert search_products("水杯").more is False


def test_shop_promises_are_words_not_loose_characters(indexed):
    """包邮 and 顺丰速运 in a subtitle must not make every product match 包 (bag) or 运."""
    bag = indexed(name="小学生书包", subtitle="满199包邮")
    indexed(name="保温杯", subtitle="满199包邮 · 顺丰速运")
    assert search_products("包").products == [bag]
    assert search_products("运").products == []
    assert len(search_products("顺丰").products) == 1
