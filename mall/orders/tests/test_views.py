import pytest
from django.urls import reverse

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders import services
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall, fill_cart, pay

S = OrderStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def mall():
    return build_mall()


@pytest.fixture
def order(mall):
    request = CheckoutRequest(mall.address.pk, (CheckoutItem(mall.sku_a.pk, 2),))
    (placed,) = place_orders(user=mall.buyer, request=request, key="key-00000001")
    return placed


def test_checkout_page_shows_lines_freight_and_total_from_the_server(client, mall):
    fill_cart(mall.buyer, (mall.sku_a, 2), (mall.sku_b, 1))
    client.force_login(mall.buyer)
    page = client.get(reverse("orders:checkout")).content.decode()
    assert "¥10.00" in page  # shop A's freight
    assert "¥159.00" in page  # 50 + 10 + 99
    assert 'name="token"' in page and "csrfmiddlewaretoken" in page
    assert "南京东路 1 号" in page


def test_submitting_checkout_places_orders_and_goes_to_the_cashier(client, mall):
    fill_cart(mall.buyer, (mall.sku_a, 1), (mall.sku_b, 1))
    client.force_login(mall.buyer)
    form = {"address": mall.address.pk, "gateway": "sandbox", "token": "tok-12345678", "note": ""}
    first = client.post(reverse("orders:checkout"), form)
    again = client.post(reverse("orders:checkout"), form)  # a double click
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Order.objects.count() == 2


def test_undeliverable_checkout_answers_with_the_reason(client, mall):
    fill_cart(mall.buyer, (mall.sku_a, 1))
    client.force_login(mall.buyer)
    form = {"address": mall.far_address.pk, "gateway": "sandbox", "token": "tok-12345678"}
    response = client.post(reverse("orders:checkout"), form)
    assert response.status_code == 400
    assert "不配送" in response.content.decode()
    assert not Order.objects.exists()


def test_buyer_pages_list_and_show_the_order_with_its_timeline(client, mall, order):
    client.force_login(mall.buyer)
    listing = client.get(reverse("orders:list") + "?status=unpaid").content.decode()
    assert reverse("orders:detail", args=[order.no]) in listing
    assert (
        reverse("orders:detail", args=[order.no])
        not in client.get(reverse("orders:list") + "?status=paid").content.decode()
    )
    detail = client.get(reverse("orders:detail", args=[order.no])).content.decode()
    assert "提交订单" in detail and "去付款" in detail


def test_buyer_cancels_from_the_detail_page(client, mall, order):
    client.force_login(mall.buyer)
    client.post(reverse("orders:cancel", args=[order.no]))
    order.refresh_from_db()
    assert order.status == S.CANCELLED


@pytest.mark.parametrize(
    ("name", "method"),
    [("detail", "get"), ("pay", "get"), ("cancel", "post"), ("confirm", "post"),
     ("delete", "post")],
)  # fmt: skip
def test_another_users_order_is_not_found(client, order, name, method):
    client.force_login(ShopperFactory())
    response = getattr(client, method)(reverse(f"orders:{name}", args=[order.no]))
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


def test_pages_need_login(client, order):
    urls = [reverse(name) for name in ("orders:checkout", "orders:list", "orders:seller_list")]
    for url in [*urls, reverse("orders:detail", args=[order.no])]:
        assert client.get(url).status_code == 302


def test_seller_sees_and_ships_only_their_shops_orders(client, mall, order):
    pay(order.payment_id)
    owner = ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.OWNER)
    client.force_login(owner.user)
    listing = client.get(reverse("orders:seller_list") + "?q=" + order.no).content.decode()
    assert order.no in listing
    url = reverse("orders:seller_detail", args=[order.no])
    bad = client.post(
        url, {"carrier": "SF", "tracking_no": "12", f"line_{order.lines.get().pk}": 2}
    )
    assert bad.status_code == 400
    line = order.lines.get()
    client.post(url, {"carrier": "SF", "tracking_no": "SF1234567890123", f"line_{line.pk}": 2})
    order.refresh_from_db()
    assert order.status == S.SHIPPED


def test_other_shops_and_customer_service_cannot_ship(client, mall, order):
    pay(order.payment_id)
    url = reverse("orders:seller_detail", args=[order.no])
    data = {"carrier": "SF", "tracking_no": "SF1234567890123"}
    client.force_login(ShopMemberFactory(shop=mall.sku_b.shop).user)
    assert client.get(url).status_code == 404
    assert order.no not in client.get(reverse("orders:seller_list")).content.decode()
    client.force_login(ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.SERVICE).user)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 404
    client.force_login(mall.buyer)
    assert client.get(url).status_code == 404
    order.refresh_from_db()
    assert order.status == S.PAID


def test_order_pages_speak_english_when_asked(client, mall, order):
    client.force_login(mall.buyer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("orders:detail", args=[order.no])).content.decode()
    assert "Awaiting payment" in page and "Pay now" in page and "待付款" not in page


def test_buy_now_goes_through_the_checkout_page_without_the_cart(client, mall):
    fill_cart(mall.buyer, (mall.sku_b, 1))
    client.force_login(mall.buyer)
    url = reverse("orders:checkout") + f"?sku={mall.sku_a.pk}&qty=2"
    page = client.get(url).content.decode()
    assert "¥25.00 × 2" in page and "¥60.00" in page  # 2 × 25 + freight 10
    assert f'name="sku" value="{mall.sku_a.pk}"' in page
    form = {"address": mall.address.pk, "gateway": "sandbox", "token": "tok-buy-now-1",
            "sku": mall.sku_a.pk, "qty": 2}  # fmt: skip
    assert client.post(reverse("orders:checkout"), form).status_code == 302
    order = Order.objects.get()
    assert [(line.sku_id, line.quantity) for line in order.lines.all()] == [(mall.sku_a.pk, 2)]


def test_an_empty_checkout_says_so(client, mall):
    client.force_login(mall.buyer)
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 200
    assert "请先选择要购买的商品" in response.content.decode()


def test_checkout_page_shows_which_shop_does_not_deliver_to_the_address(client, mall):
    fill_cart(mall.buyer, (mall.sku_a, 1), (mall.sku_b, 1))
    client.force_login(mall.buyer)
    page = client.get(reverse("orders:checkout") + f"?address={mall.far_address.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "不在配送范围" in text and "¥99.00" in text  # shop B still priced


def test_order_lists_cost_the_same_queries_for_many_orders(
    client, mall, django_assert_max_num_queries
):
    for n in range(6):
        request = CheckoutRequest(mall.address.pk, (CheckoutItem(mall.sku_a.pk, 1),))
        place_orders(user=mall.buyer, request=request, key=f"many-key-{n:04d}")
    client.force_login(mall.buyer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("orders:list")).status_code == 200
    owner = ShopMemberFactory(shop=mall.sku_a.shop)
    client.force_login(owner.user)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("orders:seller_list")).status_code == 200


def test_the_detail_page_offers_only_what_the_buyer_may_do(client, mall):
    items = (CheckoutItem(mall.sku_a.pk, 2),)
    (order,) = place_orders(user=mall.buyer, request=CheckoutRequest(mall.address.pk, items),
                            key="actions-key-1")  # fmt: skip
    pay(order.payment_id)
    client.force_login(mall.buyer)
    url = reverse("orders:detail", args=[order.no])
    assert "取消订单并退款" in client.get(url).content.decode()
    seller = ShopMemberFactory(shop=mall.sku_a.shop)
    services.ship(seller, order.no, carrier="SF", tracking_no="SF1234567890123",
                  quantities={order.lines.get().pk: 1})  # fmt: skip
    page = client.get(url).content.decode()
    assert "取消订单" not in page and "去付款" not in page and "确认收货" not in page
    assert client.post(reverse("orders:cancel", args=[order.no])).status_code == 302
    order.refresh_from_db()
    assert order.status == S.PAID


@pytest.mark.parametrize(
    "query", ["?sku=²&qty=1", "?sku=99999999999999999999999&qty=1", "?address=²",
              "?address=99999999999999999999999", "?sku=1&qty=-3"],
)  # fmt: skip
def test_odd_checkout_parameters_never_break_the_page(client, mall, query):
    client.force_login(mall.buyer)
    assert client.get(reverse("orders:checkout") + query).status_code == 200


def test_odd_checkout_submissions_are_refused_cleanly(client, mall):
    client.force_login(mall.buyer)
    for address in ("99999999999999999999999", "²", ""):
        form = {"address": address, "gateway": "sandbox", "token": "tok-odd-00001"}
        assert client.post(reverse("orders:checkout"), form).status_code == 400
    assert not Order.objects.exists()


@pytest.mark.parametrize("field", ["mobile", "consignee", "product"])
def test_seller_finds_orders_by_mobile_consignee_or_product(client, mall, order, field):
    owner = ShopMemberFactory(shop=mall.sku_a.shop)
    client.force_login(owner.user)
    query = {"mobile": "13912345678", "consignee": "张三", "product": mall.sku_a.product.name[-3:]}
    found = client.get(reverse("orders:seller_list"), {"q": query[field]}).content.decode()
    assert order.no in found
    missing = client.get(reverse("orders:seller_list"), {"q": "13800000000"}).content.decode()
    assert order.no not in missing


def test_seller_refunds_an_unshipped_line_from_the_order_page(client, mall, order):
    pay(order.payment_id)
    url = reverse("orders:seller_refund_line", args=[order.no, order.lines.get().pk])
    client.force_login(ShopMemberFactory(shop=mall.sku_b.shop).user)
    assert client.post(url).status_code == 404  # another shop
    client.force_login(ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.SERVICE).user)
    page = client.get(reverse("orders:seller_detail", args=[order.no])).content.decode()
    assert url in page
    assert client.post(url).status_code == 302
    order.refresh_from_db()
    assert order.status == S.REFUNDING  # its only line: the whole order goes back
