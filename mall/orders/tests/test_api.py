import pytest

from mall.customers.tests.factories import ShopperFactory
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall

S = OrderStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def mall():
    return build_mall()


def _body(mall, **overrides) -> dict:
    items = [{"sku_id": mall.sku_a.pk, "quantity": 1}, {"sku_id": mall.sku_b.pk, "quantity": 2}]
    return {"address_id": mall.address.pk, "items": items, **overrides}


def _post(client, body: dict, key: str | None = "api-key-0001"):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/checkout", body, content_type="application/json", headers=headers)


def test_checkout_needs_an_idempotency_key(client, mall):
    client.force_login(mall.buyer)
    response = _post(client, _body(mall), key=None)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Order.objects.exists()


def test_checkout_twice_with_one_key_gives_the_same_orders_and_another_body_409(client, mall):
    client.force_login(mall.buyer)
    first = _post(client, _body(mall))
    again = _post(client, _body(mall))
    assert first.status_code == again.status_code == 201
    data = first.json()
    assert [o["no"] for o in data["orders"]] == [o["no"] for o in again.json()["orders"]]
    assert data["total"] == 2500 + 800 + 2 * 9900
    assert data["pay_url"]
    conflict = _post(client, _body(mall, note="另一份"))
    assert conflict.status_code == 409
    assert "提交标识" in conflict.json()["detail"]
    assert Order.objects.count() == 2


def test_checkout_errors_are_chinese_4xx(client, mall):
    client.force_login(mall.buyer)
    far = _post(client, _body(mall, address_id=mall.far_address.pk), key="api-key-0002")
    assert far.status_code == 400 and "不配送" in far.json()["detail"]
    short = _post(client, _body(mall, items=[{"sku_id": mall.sku_b.pk, "quantity": 9}]))
    assert short.status_code == 400 and "库存不足" in short.json()["detail"]
    bad_gateway = _post(client, _body(mall, gateway="paypal"), key="api-key-0003")
    assert bad_gateway.status_code == 400
    assert not Order.objects.exists()


def test_orders_read_and_actions_are_the_buyers_only(client, mall):
    client.force_login(mall.buyer)
    no = _post(client, _body(mall)).json()["orders"][0]["no"]
    listed = client.get("/api/orders?status=unpaid").json()
    assert {o["no"] for o in listed} >= {no}
    detail = client.get(f"/api/orders/{no}").json()
    assert detail["events"][0]["to_status"] == S.PENDING_PAYMENT
    assert detail["actions"] == ["cancel", "pay"]
    client.force_login(ShopperFactory())
    assert client.get(f"/api/orders/{no}").status_code == 404
    assert client.post(f"/api/orders/{no}/cancel").status_code == 404
    assert client.post(f"/api/orders/{no}/confirm").status_code == 404
    assert client.get("/api/orders").json() == []
    client.force_login(mall.buyer)
    assert client.post(f"/api/orders/{no}/confirm").status_code == 409
    cancelled = client.post(f"/api/orders/{no}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == S.CANCELLED
    assert cancelled.json()["actions"] == ["delete"]


def test_anonymous_requests_are_refused_in_chinese(client, mall):
    refused = _post(client, _body(mall))
    assert refused.status_code == 401 and refused.json()["detail"] == "请先登录"
    assert client.get("/api/orders").status_code == 401
    assert not Order.objects.exists()


def test_pay_gives_the_cashier_address_of_the_waiting_payment(client, mall):
    client.force_login(mall.buyer)
    placed = _post(client, _body(mall)).json()
    no = placed["orders"][0]["no"]
    paying = client.post(f"/api/orders/{no}/pay")
    assert paying.status_code == 200
    assert paying.json() == {"payment_id": placed["payment_id"], "pay_url": placed["pay_url"]}
    client.force_login(ShopperFactory())
    assert client.post(f"/api/orders/{no}/pay").status_code == 404


def test_ids_beyond_any_primary_key_are_refused_as_invalid(client, mall):
    client.force_login(mall.buyer)
    assert _post(client, _body(mall, address_id=2**70)).status_code == 422
    huge_item = [{"sku_id": 2**70, "quantity": 1}]
    assert _post(client, _body(mall, items=huge_item), key="api-key-0009").status_code == 422
    assert not Order.objects.exists()
