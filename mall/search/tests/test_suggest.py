import pytest

from mall.catalog.models import Product
from mall.catalog.tests.factories import CategoryFactory
from mall.search.selectors import suggest

pytestmark = pytest.mark.django_db


def texts(suggestions):
    return [s.text for s in suggestions]


def test_a_prefix_suggests_keywords_then_product_names(shampoo):
    assert texts(suggest("去")) == ["去屑洗发水", "清扬男士去屑洗发水"]


def test_categories_come_first_and_carry_their_slug(shampoo):
    leaf = shampoo.category
    [category, *rest] = suggest("洗发")
    assert (category.text, category.category_slug) == ("洗发水", leaf.slug)
    assert "清扬男士去屑洗发水" in texts(rest)


def test_only_active_categories_are_suggested(db):
    CategoryFactory(name="洗衣机", is_active=False)
    dishwashers = CategoryFactory(name="洗碗机")
    assert [s.category_slug for s in suggest("洗")] == [dishwashers.slug]


def test_several_words_complete_the_last_one(shampoo, indexed):
    indexed(name="清扬女士洗发水")
    assert texts(suggest("男士 洗")) == ["清扬男士去屑洗发水"]


def test_pinyin_initials_suggest_names_with_the_word_highlighted(indexed):
    indexed(name="华为 Mate 60 手机", keywords="华为手机")
    [suggestion] = suggest("sj")
    assert suggestion.highlighted == "华为 Mate 60 <em>手机</em>"


def test_invisible_products_are_not_suggested(shampoo):
    Product.objects.filter(pk=shampoo.pk).update(status=Product.Status.OFF_SHELF)
    assert texts(suggest("清扬")) == []


def test_suggestions_are_limited(indexed):
    for n in range(12):
        indexed(name=f"保温杯 {n} 号")
    assert len(suggest("保温", limit=5)) == 5


@pytest.mark.parametrize("prefix", ["", "  ", '"', "*", "(", "AND", "😀", "x" * 2000, "\x00洗"])
def test_odd_input_never_errors(shampoo, prefix):
    assert isinstance(suggest(prefix), list)


def test_suggestions_are_quick_to_repeat(shampoo, django_assert_num_queries):
    suggest("洗发")
    with django_assert_num_queries(0):
        suggest("洗发")
