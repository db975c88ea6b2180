"""Bad input answers 4xx JSON with a Chinese `detail`, never a 500."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mall.catalog.filters import parse_listing_filters

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params", "field", "message"),
    [
        ("/products", {"page": "-1"}, "page", "不能小于 1"),
        ("/products", {"page": "0"}, "page", "不能小于 1"),
        ("/products", {"page": str(10**30)}, "page", "不能大于 10000"),
        ("/products", {"page": "abc"}, "page", "必须是整数"),
        ("/products", {"page": "1.5"}, "page", "必须是整数"),
        ("/products", {"page_size": "1000"}, "page_size", "不能大于 60"),
        ("/products", {"sort": "cheapest"}, "sort", "只能是以下之一"),
        ("/products", {"brand": "李宁"}, "brand", "格式不正确"),
        ("/products", {"brand": "3,x"}, "brand", "格式不正确"),
        ("/products", {"brand": "²"}, "brand", "格式不正确"),
        ("/products", {"brand": "1" * 30}, "brand", "格式不正确"),
        ("/products", {"price_min": "abc"}, "price_min", "格式不正确"),
        ("/products", {"price_max": "1e999"}, "price_max", "格式不正确"),
        ("/products", {"price_min": "-5"}, "price_min", "格式不正确"),
        ("/products", {"price_max": "99999999999999"}, "price_max", "格式不正确"),
        ("/products", {"spec": "红色"}, "spec", "格式不正确"),
        ("/products", {"spec": "颜色:"}, "spec", "格式不正确"),
        ("/products", {"category": "../etc"}, "category", "格式不正确"),
        ("/products", {"category": "a" * 65}, "category", "不能超过 64 个字符"),
        ("/search", {}, "q", "不能为空"),
        ("/search", {"q": ""}, "q", "不能为空"),
        ("/search", {"q": "洗" * 65}, "q", "不能超过 64 个字符"),
        ("/search", {"q": "洗发水", "sort": "x"}, "sort", "只能是以下之一"),
        ("/search", {"q": "洗发水", "category": "abc"}, "category", "必须是整数"),
        ("/search", {"q": "洗发水", "category": str(2**64)}, "category", "不能大于"),
        ("/search", {"q": "洗发水", "page": "-3"}, "page", "不能小于 1"),
        ("/search/suggest", {"q": "洗" * 100}, "q", "不能超过 64 个字符"),
        ("/products/abc", {}, "product_id", "必须是整数"),
        ("/products/0", {}, "product_id", "不能小于 1"),
        (f"/products/{10**30}", {}, "product_id", "不能大于"),
    ],
)
def test_invalid_parameters_answer_422_naming_the_parameter(get, path, params, field, message):
    response = get(path, **params)

    assert response.status_code == 422
    [error] = response.data["errors"]
    assert error["field"] == field
    assert message in error["message"]
    assert response.data["detail"] == f"参数 {field} {error['message']}"


def test_every_invalid_parameter_is_reported(get):
    response = get("/products", page="x", sort="y")

    assert [e["field"] for e in response.data["errors"]] == ["page", "sort"]
    assert response.data["detail"].count("参数") == 2


@pytest.mark.parametrize("path", ["/api/no-such-thing/", "/api/addresses/%0A", "/api/x%0Ay/"])
def test_an_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "没有这个接口"}


def test_writes_are_not_allowed(client):
    assert client.post("/api/products").status_code == 405


AMOUNTS = st.one_of(
    st.text(alphabet="0123456789.,-+e ¥￥", max_size=14),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
)
BRANDS = st.text(alphabet="0123456789, x李", max_size=24)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(price=AMOUNTS, brand=BRANDS)
def test_a_filter_the_storefront_would_drop_is_rejected_not_ignored(get, price, brand):
    """An API caller is never shown results that silently ignored one of its filters."""
    query = QueryDict(mutable=True)
    query.update({"price_min": price, "brand": brand})

    response = get("/products", price_min=price, brand=brand)

    if parse_listing_filters(query).errors:
        assert response.status_code == 422


@pytest.mark.parametrize("price", ["", "0", "99", "99.5", "¥1,299.00", "￥12", "9999999999.99"])
def test_prices_in_the_documented_forms_are_accepted(get, price):
    assert get("/products", price_min=price, price_max=price).status_code == 200
