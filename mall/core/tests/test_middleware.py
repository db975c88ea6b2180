import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",  # the storefront's own clean-page tests cover every other malformed parameter
    [
        "/api/products?spec=%E9%A2%9C%E8%89%B2:%00",
        "/api/search?q=%E6%B4%97%00",
        "/search/?q=a%00b",
        "/category/any/?price_min=%00",
    ],
)
def test_nul_in_query_string_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    message = response.json()["detail"] if url.startswith("/api/") else response.text
    assert "无效字符" in message


@pytest.mark.django_db
def test_nul_in_form_and_json_bodies_is_refused(client):
    form = client.post(
        "/account/login/", "mobile=138%00", content_type="application/x-www-form-urlencoded"
    )
    json = client.post("/api/products", '{"name": "a\\u0000"}', content_type="application/json")
    assert form.status_code == json.status_code == 400


@pytest.mark.django_db
def test_ordinary_requests_pass(client):
    assert client.get("/api/products?spec=%E9%A2%9C%E8%89%B2:%E7%BA%A2").status_code == 200


@pytest.mark.django_db
def test_csrf_refusals_speak_chinese_and_the_api_keeps_its_json_shape():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    api = client.put("/api/addresses/1", "{}", content_type="application/json")
    page = client.post("/account/login/", {"mobile": "13800138000"})
    assert api.status_code == page.status_code == 403
    assert "CSRF" in api.json()["detail"]
    assert "页面已过期" in page.text
