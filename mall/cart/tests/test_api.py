import json

import pytest
from django.test import Client

from mall.cart import services
from mall.cart.models import CartLine
from mall.cart.tests.conftest import make_sku
from mall.catalog.models import Product, Sku
from mall.customers.tests.factories import ShopperFactory
from mall.promotions import selectors as promotion_selectors

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, path: str, body: object = None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/cart{path}", **kwargs)


@pytest.fixture
def api(client, shopper):
    client.force_login(shopper)
    return client


def test_add_change_select_and_remove(api, shopper):
    a, b = make_sku(1500, stock=10), make_sku(999)
    added = call(api, "post", "/lines", {"sku_id": a.pk, "quantity": 2})
    assert added.status_code == 200
    call(api, "post", "/lines", {"sku_id": b.pk})
    cart = call(api, "get", "").json()
    assert cart["item_count"] == 3
    assert cart["goods"] == {"fen": 2 * 1500 + 999, "display": "¥39.99"}
    line_a = next(line for s in cart["shops"] for line in s["lines"] if line["sku_id"] == a.pk)
    assert line_a["max_quantity"] == 10 and line_a["problems"] == []

    changed = call(api, "patch", f"/lines/{line_a['id']}", {"quantity": 4, "selected": False})
    assert changed.status_code == 200
    assert changed.json()["goods"]["fen"] == 999

    selected = call(api, "post", "/select", {"selected": True, "shop_id": a.shop_id}).json()
    assert selected["goods"]["fen"] == 4 * 1500 + 999

    removed = call(api, "delete", f"/lines/{line_a['id']}")
    assert removed.status_code == 200
    assert removed.json()["item_count"] == 1


def test_flags_are_reported(api, shopper):
    sku = make_sku(stock=5)
    services.add(services.user_cart(shopper), sku.pk, 3)
    Sku.objects.filter(pk=sku.pk).update(stock=2, price=sku.price + 50)
    line = call(api, "get", "").json()["shops"][0]["lines"][0]
    assert [p["code"] for p in line["problems"]] == ["over_stock", "price_changed"]
    assert line["purchasable"] is False
    assert line["price_when_added"]["fen"] == sku.price


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"sku_id": 999_999}, 404),
        ({"sku_id": "x"}, 422),
        ({"sku_id": 0}, 422),
        ({"quantity": 0}, 422),
        ({"quantity": -1}, 422),
        ({"quantity": 10**30}, 422),
        ({"quantity": 1.5}, 422),
        ({"quantity": "2"}, 422),
        ({"quantity": True}, 422),
        ({"quantity": 60}, 400),
    ],
)
def test_bad_input_is_refused_in_chinese(api, body, status):
    sku = make_sku(stock=50)
    response = call(api, "post", "/lines", {"sku_id": sku.pk, **body})
    assert response.status_code == status
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    assert not CartLine.objects.exists()


def test_off_shelf_sku_is_refused(api):
    sku = make_sku()
    Product.objects.filter(pk=sku.product_id).update(status=Product.Status.OFF_SHELF)
    response = call(api, "post", "/lines", {"sku_id": sku.pk})
    assert response.status_code == 400
    assert response.json()["detail"] == "商品已下架"


def test_another_shoppers_line_is_404(client, sku):
    alice, bob = ShopperFactory(), ShopperFactory()
    line = services.add(services.user_cart(alice), sku.pk, 1).line
    services.user_cart(bob)
    client.force_login(bob)
    assert call(client, "patch", f"/lines/{line.pk}", {"quantity": 2}).status_code == 404
    assert call(client, "patch", f"/lines/{line.pk}", {"selected": False}).status_code == 404
    assert call(client, "delete", f"/lines/{line.pk}").status_code == 404
    line.refresh_from_db()
    assert (line.quantity, line.selected) == (1, True)


def test_guests_have_a_session_cart(sku):
    guest = Client()
    assert call(guest, "get", "").json()["item_count"] == 0
    assert call(guest, "post", "/lines", {"sku_id": sku.pk, "quantity": 2}).status_code == 200
    assert call(guest, "get", "").json()["item_count"] == 2
    assert call(Client(), "get", "").json()["item_count"] == 0


def test_writes_need_the_csrf_token(sku):
    client = Client(enforce_csrf_checks=True)
    response = call(client, "post", "/lines", {"sku_id": sku.pk})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    client.get("/cart/mini/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/cart/lines", data=json.dumps({"sku_id": sku.pk}),
        content_type="application/json", HTTP_X_CSRFTOKEN=token,
    )  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize("lines_before", [0, 20])
def test_adding_takes_the_same_few_queries_however_full_the_cart(
    api, shopper, lines_before, django_assert_max_num_queries
):
    """Session, user, cart, lock, SKU, the cart's lines (read once, for the checks and the
    answer), the insert, the transaction's begin and end, and what the answer is priced with:
    the shopper's profile and coupons."""
    cart = services.user_cart(shopper)
    for _ in range(lines_before):
        services.add(cart, make_sku().pk, 1)
    sku = make_sku(1200)
    promotion_selectors.active_rules()  # warm: later reads ask only the cache
    with django_assert_max_num_queries(11):
        added = call(api, "post", "/lines", {"sku_id": sku.pk, "quantity": 2})
    assert added.status_code == 200
    answer = added.json()
    assert answer["item_count"] == lines_before + 2
    newest = answer["shops"][0]["lines"][0]
    assert (newest["sku_id"], newest["quantity"], newest["unit_price"]["fen"]) == (sku.pk, 2, 1200)
    with django_assert_max_num_queries(11):  # the same with an UPDATE of the line instead
        again = call(api, "post", "/lines", {"sku_id": sku.pk, "quantity": 1})
    assert again.json()["item_count"] == lines_before + 3
