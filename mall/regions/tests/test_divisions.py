import json

import pytest

from mall.regions import children, is_district, lookup, path_of, region_names
from mall.regions.divisions import CITY, DATA_FILE, DISTRICT, PROVINCE


def all_codes() -> list[str]:
    return [row[0] for row in json.loads(DATA_FILE.read_text(encoding="utf-8"))["regions"]]


def test_huangpu_is_a_district_of_shanghai_shown_as_shanghai_not_shixiaqu():
    path = path_of("310101")
    assert [(r.code, r.name, r.level) for r in path] == [
        ("310000", "上海市", PROVINCE),
        ("310100", "上海市", CITY),
        ("310101", "黄浦区", DISTRICT),
    ]
    assert region_names("310101") == "上海市 上海市 黄浦区"
    assert is_district("310101")


def test_county_level_city_is_a_district_level_unit():
    kunshan = lookup("320583")
    assert kunshan is not None
    assert kunshan.name == "昆山市"
    assert kunshan.level == DISTRICT
    assert region_names("320583") == "江苏省 苏州市 昆山市"


def test_province_administered_county_level_city():
    assert region_names("429004") == "湖北省 省直辖县级行政区划 仙桃市"
    assert is_district("429004")


def test_city_without_districts_is_addressable_itself():
    assert region_names("441900") == "广东省 东莞市"
    assert children("441900") == []
    assert is_district("441900")


@pytest.mark.parametrize("code", ["310000", "310100", "440300"])
def test_provinces_and_cities_with_districts_are_not_addresses(code):
    assert lookup(code) is not None
    assert not is_district(code)


@pytest.mark.parametrize("code", ["999999", "310199", "", None, "31", "3101010"])
def test_unknown_code(code):
    assert lookup(code) is None
    assert path_of(code) == []
    assert not is_district(code)


def test_every_district_has_a_city_and_a_province():
    districts = [code for code in all_codes() if lookup(code).level == DISTRICT]
    assert len(districts) > 2800
    for code in districts:
        assert [r.level for r in path_of(code)] == [PROVINCE, CITY, DISTRICT]
        assert code.startswith(lookup(code).parent_code[:4])


def test_the_whole_country_is_there():
    provinces = children()
    assert len(provinces) == 31
    assert {"上海市", "北京市", "新疆维吾尔自治区", "海南省"} <= {p.name for p in provinces}
    assert len(children("320000")) == 13  # 江苏省's prefecture-level cities
    names = {r.name for city in children("320000") for r in children(city.code)}
    assert "昆山市" in names


def test_no_municipal_placeholder_is_shown():
    assert all(lookup(code).name != "市辖区" for code in all_codes())
