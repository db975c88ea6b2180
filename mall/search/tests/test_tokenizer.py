import re

from hypothesis import given
from hypothesis import strategies as st

from mall.search.tokenizer import (
    MAX_QUERY_TERMS,
    initials,
    name_tokens,
    query_terms,
    segment,
    text_tokens,
)

TOKEN = re.compile(r"[^\W_]+")


def test_search_mode_keeps_long_words_and_the_words_inside_them():
    tokens = segment("清扬男士去屑洗发水")
    assert {"清扬", "男士", "去屑", "洗发水", "洗发"} <= set(tokens)


def test_mall_vocabulary_is_loaded():
    assert {"空气炸锅", "空气", "炸锅"} <= set(segment("美的空气炸锅"))


def test_name_tokens_add_characters_and_pinyin_initials():
    tokens = name_tokens("华为手机")
    assert {"华为", "手机", "华", "为", "手", "机", "hw", "sj"} <= set(tokens)


def test_initials_put_the_usual_reading_first_and_cover_heteronyms():
    assert initials("手机")[0] == "sj"
    assert initials("洗发水") == ("xfs",)
    assert {"zq", "cq"} <= set(initials("长裙"))


def test_query_uses_the_precise_cut():
    assert query_terms("男士 洗发") == ("男士", "洗发")
    assert query_terms("洗发水") == ("洗发水",)


def test_full_width_and_case_are_normalised_on_both_sides():
    assert query_terms("ＩＰＨＯＮＥ") == ("iphone",)
    assert set(query_terms("iPhone 15 Pro")) <= set(text_tokens("Apple iPhone 15 Pro Max"))


def test_punctuation_and_syntax_characters_never_become_terms():
    assert query_terms('"洗发水" AND (男士*) -去屑') == ("洗发水", "and", "男士", "去屑")
    assert query_terms("😀 ！？ ***") == ()


@given(st.text(max_size=300))
def test_query_terms_are_plain_words_whatever_the_input(text):
    terms = query_terms(text)
    assert len(terms) <= MAX_QUERY_TERMS
    assert len(set(terms)) == len(terms)
    assert all(TOKEN.fullmatch(term) for term in terms)
