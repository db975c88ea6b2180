import pytest


@pytest.fixture
def get(client):
    return lambda query="": client.get(f"/api/regions{query}")


def test_provinces_without_parent(get):
    response = get()
    assert response.status_code == 200
    provinces = {r["code"]: r for r in response.json()}
    assert len(provinces) == 31
    assert provinces["310000"] == {
        "code": "310000",
        "name": "上海市",
        "level": 1,
        "addressable": False,
    }


def test_cities_then_districts_of_shanghai(get):
    assert [(r["code"], r["name"]) for r in get("?parent=310000").json()] == [("310100", "上海市")]
    districts = get("?parent=310100").json()
    assert {"code": "310101", "name": "黄浦区", "level": 3, "addressable": True} in districts
    assert len(districts) == 16


def test_city_without_districts_is_addressable(get):
    dongguan = next(r for r in get("?parent=440000").json() if r["name"] == "东莞市")
    assert dongguan["addressable"] is True
    assert get("?parent=441900").json() == []


def test_unknown_parent_is_404_in_chinese(get):
    response = get("?parent=999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "行政区划代码不存在"


@pytest.mark.parametrize("parent", ["31", "abcdef", "3100000"])
def test_malformed_parent_is_422(get, parent):
    assert get(f"?parent={parent}").status_code == 422


def test_answers_are_cacheable(get):
    assert "max-age=86400" in get("?parent=310000")["Cache-Control"]
