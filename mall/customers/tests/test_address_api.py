import json

import pytest
from django.test import Client

from mall.customers import services
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.customers.tests.test_addresses import HUANGPU, home

pytestmark = pytest.mark.django_db
BODY = {
    "consignee": "张三",
    "mobile": "13800138000",
    "region_code": HUANGPU,
    "detail": "南京东路 1 号",
}


@pytest.fixture
def shopper(client):
    user = ShopperFactory()
    client.force_login(user)
    return user


def send(client, method: str, path: str, body: dict | None = None):
    return getattr(client, method)(
        f"/api/addresses{path}", data=json.dumps(body or {}), content_type="application/json"
    )


def test_crud(client, shopper):
    created = send(client, "post", "", BODY)
    assert created.status_code == 201
    address = created.json()
    assert address["region_names"] == "上海市 上海市 黄浦区"
    assert address["is_default"] is True
    path = f"/{address['id']}"
    assert client.get("/api/addresses").json() == [address]
    assert client.get(f"/api/addresses{path}").json() == address
    changed = send(client, "put", path, {**BODY, "detail": "淮海中路 2 号"})
    assert changed.status_code == 200
    assert changed.json()["detail"] == "淮海中路 2 号"
    second = send(client, "post", "", {**BODY, "region_code": "320583"}).json()
    made_default = send(client, "post", f"/{second['id']}/default")
    assert made_default.json()["is_default"] is True
    assert send(client, "delete", path).status_code == 204
    assert [a["id"] for a in client.get("/api/addresses").json()] == [second["id"]]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({**BODY, "mobile": "12345"}, 400, "mobile"),
        ({**BODY, "region_code": "310100"}, 400, "region_code"),
        ({**BODY, "consignee": " "}, 400, "consignee"),
        ({**BODY, "region_code": "abc"}, 422, "region_code"),
    ],
)
def test_invalid_bodies_are_refused_in_chinese(client, shopper, body, status, field):
    response = send(client, "post", "", body)
    assert response.status_code == status
    assert response.json()["detail"]
    assert field in json.dumps(response.json())
    assert not Address.objects.exists()


def test_twenty_one_is_too_many(client, shopper):
    for n in range(services.MAX_ADDRESSES):
        services.create_address(shopper, home(detail=f"南京东路 {n} 号"))
    response = send(client, "post", "", BODY)
    assert response.status_code == 400
    assert "最多只能保存 20 个收货地址" in response.json()["detail"]


def test_another_users_address_is_404(client, shopper):
    other = services.create_address(ShopperFactory(), home())
    path = f"/{other.pk}"
    assert client.get(f"/api/addresses{path}").status_code == 404
    assert send(client, "put", path, BODY).status_code == 404
    assert send(client, "post", f"{path}/default").status_code == 404
    assert send(client, "delete", path).status_code == 404
    assert client.get(f"/api/addresses/{2**64}").status_code == 404
    assert Address.objects.get(pk=other.pk).detail == "南京东路 100 号 3 楼"


def test_guests_get_401_in_chinese(client):
    response = client.get("/api/addresses")
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录"


def test_session_writes_need_csrf(shopper):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(shopper)
    assert strict.get("/api/addresses").status_code == 200
    response = send(strict, "post", "", BODY)
    assert response.status_code == 403
    assert not Address.objects.exists()
