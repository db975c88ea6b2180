from mall.search.highlight import highlight


def test_matched_words_are_wrapped():
    assert (
        highlight("清扬男士去屑洗发水", ["男士", "洗发"]) == "清扬<em>男士</em>去屑<em>洗发</em>水"
    )


def test_the_longest_match_wins_and_case_is_ignored():
    assert highlight("Apple iPhone 15", ["iphone", "i"]) == "Apple <em>iPhone</em> 15"


def test_pinyin_initials_highlight_the_word_they_abbreviate():
    assert highlight("华为手机", ["sj"]) == "华为<em>手机</em>"


def test_html_in_a_name_is_escaped_around_and_inside_matches():
    html = highlight('<script>alert("x")</script>洗发水', ["洗发水", "script"])
    assert "<script>" not in html
    assert html == (
        "&lt;<em>script</em>&gt;alert(&quot;x&quot;)&lt;/<em>script</em>&gt;<em>洗发水</em>"
    )


def test_a_term_cannot_smuggle_markup():
    assert highlight("a<em>b", ["em"]) == "a&lt;<em>em</em>&gt;b"
    assert highlight("<b>", []) == "&lt;b&gt;"
