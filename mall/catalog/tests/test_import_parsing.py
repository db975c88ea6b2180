import pytest
from hypothesis import given
from hypothesis import strategies as st

from mall.catalog.importing import parsing
from mall.catalog.importing.columns import map_headers
from mall.catalog.importing.errors import ImportFileError, RowError
from mall.catalog.importing.readers import cell_text
from mall.core.money import fen_to_yuan_str


@given(st.integers(min_value=0, max_value=parsing.MAX_PRICE_FEN))
def test_any_yuan_amount_parses_to_exact_fen(fen):
    assert parsing.parse_yuan(fen_to_yuan_str(fen)) == fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [("59.9", 5990), ("59.90", 5990), ("¥1,299.00", 129900), ("￥8", 800), ("0.01", 1)],
)
def test_yuan_formats_people_type(text, fen):
    assert parsing.parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1", "金额不能为负数"),
        ("59.999", "不是有效的金额"),
        ("abc", "不是有效的金额"),
        ("1e5", "不是有效的金额"),
        ("NaN", "不是有效的金额"),
        ("1,23.00", "不是有效的金额"),
        ("100000000.00", "金额过大"),
    ],
)
def test_bad_amounts_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parsing.parse_yuan(text)


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda f: round(f, 2)))
def test_spreadsheet_floats_become_the_text_a_person_typed(value):
    assert parsing.parse_yuan(cell_text(value)) == round(value * 100)


def test_specs_and_params_accept_full_width_punctuation():
    cells = {"specs": "颜色：红色；尺码: M ;", "params": "产地:上海\n净含量:400ml"}

    assert parsing.pairs(cells, "specs", name_limit=16, value_limit=32) == [
        ("颜色", "红色"), ("尺码", "M"),
    ]  # fmt: skip
    assert parsing.params(cells) == [("产地", "上海"), ("净含量", "400ml")]


@pytest.mark.parametrize(
    ("specs", "reason"),
    [
        ("颜色红色", "“颜色红色”应写成“名称:值”"),
        ("颜色:", "“颜色:”应写成“名称:值”"),
        ("颜色:红;颜色:蓝", "“颜色”写了两次"),
        ("颜色:" + "红" * 33, "太长"),
    ],
)
def test_bad_specs_say_why(specs, reason):
    with pytest.raises(RowError, match=reason) as raised:
        parsing.pairs({"specs": specs}, "specs", name_limit=16, value_limit=32)
    assert raised.value.column == "规格"


@pytest.mark.parametrize(
    ("stock", "reason"), [("-1", "不能为负数"), ("1.5", "必须是整数"), ("１０", "必须是整数")]
)
def test_bad_counts_say_why(stock, reason):
    with pytest.raises(RowError, match=reason):
        parsing.count({"stock": stock}, "stock")


def test_status_accepts_chinese_and_english_names():
    assert parsing.status({"status": "在售"}) == "on_sale"
    assert parsing.status({"status": "OFF_SHELF"}) == "off_shelf"
    assert parsing.status({"status": "下架"}) == "off_shelf"
    assert parsing.status({}) is None


def test_headers_match_aliases_and_full_width_brackets():
    headers = ["Shop", " 商品货号 ", "名称", "分类", "sku_code", "价格", "库存", "重量（克）"]

    mapped = map_headers(headers, shop_given=False)

    assert mapped.positions["weight"] == 7 and mapped.positions["shop"] == 0
    assert mapped.ignored == []


def test_shop_column_is_optional_with_a_default_shop():
    headers = ["商品货号", "商品名称", "类目", "SKU编码", "售价", "库存"]

    assert "shop" not in map_headers(headers, shop_given=True).positions
    with pytest.raises(ImportFileError, match="缺少必填列：店铺"):
        map_headers(headers, shop_given=False)
