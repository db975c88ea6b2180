import pytest
from django.test import Client
from django.urls import reverse

from mall.cart import selectors, services
from mall.cart.identity import SESSION_KEY
from mall.cart.models import Cart, CartLine
from mall.cart.tests.conftest import make_sku
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def lines_of(cart: Cart) -> dict[int, tuple[int, bool]]:
    return {line.sku_id: (line.quantity, line.selected) for line in cart.lines.all()}


def guest_cart(client: Client) -> Cart:
    return Cart.objects.get(pk=client.session[SESSION_KEY])


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper)
    return client


def test_guest_adds_with_a_plain_form_and_sees_the_cart(client, sku):
    response = client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "2"})
    assert response.status_code == 302
    assert response.url == reverse("cart:page")
    page = client.get(reverse("cart:page"))
    assert page.status_code == 200
    html = page.content.decode()
    assert str(sku) in html and sku.shop.name in html
    assert "运费在结算时计算" in html
    assert "已加入购物车" in html
    assert lines_of(guest_cart(client)) == {sku.pk: (2, True)}


def test_htmx_add_answers_a_notice_and_the_header_count(client, sku):
    response = client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "3"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "已加入购物车" in html
    assert 'id="mini-cart"' in html and 'hx-swap-oob="true"' in html
    assert ">3</span>" in html
    assert "<html" not in html


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"sku": "999999", "qty": "1"}, 404, "商品不存在"),
        ({"sku": "abc", "qty": "1"}, 400, "请选择商品规格"),
        ({"sku": None, "qty": "1"}, 400, "请选择商品规格"),
        ({"qty": "0"}, 400, None),
        ({"qty": "-3"}, 400, "至少"),
        ({"qty": "1.5"}, 400, "整数"),
        ({"qty": "9" * 40}, 400, "整数"),
        ({"qty": "100"}, 400, "最多"),
        ({"qty": "٣"}, 400, "整数"),
    ],
)
def test_bad_input_is_a_4xx_with_a_chinese_message_and_writes_nothing(
    client, sku, data, status, message
):
    data = {key: value for key, value in {"sku": sku.pk, **data}.items() if value is not None}
    for headers in ({}, HTMX):
        response = client.post(reverse("cart:add"), data, **headers)
        assert response.status_code == status
        if message:
            assert message in response.content.decode()
    assert not CartLine.objects.exists()


def test_htmx_refusal_is_aimed_at_the_notice_slot(client, sku):
    response = client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "0"}, **HTMX)
    assert response["HX-Retarget"] == "#cart-notice"
    assert 'role="alert"' in response.content.decode()


def test_add_by_get_only_asks_for_confirmation(client, sku):
    response = client.get(reverse("cart:add"), {"sku": sku.pk, "qty": "2"})
    assert response.status_code == 200
    assert "确认加入购物车" in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert not CartLine.objects.exists()


def test_quantity_stepper_plain_and_htmx(signed_in, shopper):
    sku = make_sku(stock=5)
    cart = services.user_cart(shopper)
    line = services.add(cart, sku.pk, 2).line
    url = reverse("cart:quantity", args=[line.pk])

    assert signed_in.post(url, {"quantity": "2", "step": "1"}).status_code == 302
    assert lines_of(cart) == {sku.pk: (3, True)}

    response = signed_in.post(url, {"quantity": "5"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    # the whole cart comes back: a quantity can change other lines' shares of a 满减
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#cart", "outerHTML")
    assert html.lstrip().startswith('<section id="cart"')
    assert f'id="cart-line-{line.pk}"' in html
    assert 'id="mini-cart"' in html and html.count('hx-swap-oob="true"') == 2
    assert "<html" not in html
    assert "¥99.50" in html  # 5 × ¥19.90, the new total
    assert lines_of(cart) == {sku.pk: (5, True)}

    refused = signed_in.post(url, {"quantity": "5", "step": "1"}, **HTMX)
    assert refused.status_code == 400
    assert "最多可购买 5 件" in refused.content.decode()
    plain = signed_in.post(url, {"quantity": "x"})
    assert plain.status_code == 400
    assert "数量必须是整数" in plain.content.decode()
    assert lines_of(cart) == {sku.pk: (5, True)}


def test_select_and_remove(signed_in, shopper):
    a, b = make_sku(), make_sku()
    cart = services.user_cart(shopper)
    line_a = services.add(cart, a.pk, 1).line
    services.add(cart, b.pk, 1)

    signed_in.post(reverse("cart:select"), {"selected": "0"})
    assert lines_of(cart) == {a.pk: (1, False), b.pk: (1, False)}
    signed_in.post(reverse("cart:select"), {"shop": b.shop_id, "selected": "1"}, **HTMX)
    signed_in.post(reverse("cart:select"), {"line": line_a.pk, "selected": "1"})
    assert lines_of(cart) == {a.pk: (1, True), b.pk: (1, True)}
    assert signed_in.post(reverse("cart:select"), {"shop": "x", "selected": "1"}).status_code == 400

    response = signed_in.post(reverse("cart:remove", args=[line_a.pk]), **HTMX)
    assert response.status_code == 200
    assert lines_of(cart) == {b.pk: (1, True)}


def test_total_counts_only_selected_lines(signed_in, shopper):
    a, b = make_sku(1000), make_sku(2345)
    cart = services.user_cart(shopper)
    services.add(cart, a.pk, 2)
    services.select_line(cart, services.add(cart, b.pk, 1).line.pk, False)
    html = signed_in.get(reverse("cart:page")).content.decode()
    assert "¥20.00" in html


def test_flagged_lines_are_shown_not_dropped(signed_in, shopper):
    sku = make_sku()
    services.add(services.user_cart(shopper), sku.pk, 1)
    sku.delete()
    html = signed_in.get(reverse("cart:page")).content.decode()
    assert "失效商品" in html and "商品已失效" in html


def test_user_b_cannot_touch_user_a_lines(client, sku):
    alice, bob = ShopperFactory(), ShopperFactory()
    line = services.add(services.user_cart(alice), sku.pk, 1).line
    services.add(services.user_cart(bob), make_sku().pk, 1)
    client.force_login(bob)
    for response in (
        client.post(reverse("cart:quantity", args=[line.pk]), {"quantity": "3"}),
        client.post(reverse("cart:remove", args=[line.pk])),
        client.post(reverse("cart:select"), {"line": line.pk, "selected": "0"}),
    ):
        assert response.status_code == 404
    guest = Client()
    assert guest.post(reverse("cart:remove", args=[line.pk])).status_code == 404
    line.refresh_from_db()
    assert (line.quantity, line.selected) == (1, True)


def test_mini_cart_sets_the_csrf_cookie_and_counts(client, sku):
    response = client.get(reverse("cart:mini"))
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert "header-cart__count" not in response.content.decode()
    assert "sessionid" not in response.cookies
    client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "4"})
    assert ">4</span>" in client.get(reverse("cart:mini")).content.decode()


def test_csrf_protection_stays_on(sku):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "1"}).status_code == 403
    client.get(reverse("cart:mini"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("cart:add"), {"sku": sku.pk, "qty": "1"}, HTTP_X_CSRFTOKEN=token, **HTMX
    )
    assert response.status_code == 200


def test_guest_cart_joins_the_account_at_login(client, sku):
    shopper = ShopperFactory(password="s3cret-Passw0rd")
    other = make_sku()
    services.add(services.user_cart(shopper), sku.pk, 1)
    client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "2"})
    client.post(reverse("cart:add"), {"sku": other.pk, "qty": "1"})

    response = client.post(
        reverse("customers:login") + "?tab=password",
        {"mobile": shopper.mobile, "password": "s3cret-Passw0rd"},
    )

    assert response.status_code == 302
    assert lines_of(services.user_cart(shopper)) == {sku.pk: (3, True), other.pk: (1, True)}
    assert Cart.objects.filter(user=None).count() == 0
    assert SESSION_KEY not in client.session
    assert selectors.item_count(selectors.user_cart(shopper)) == 4


def test_product_page_has_the_buy_form_and_stays_the_same_for_everyone(client, sku):
    url = reverse("storefront:product", args=[sku.product_id])
    first = client.get(url).content
    html = first.decode()
    assert 'action="/cart/add/"' in html and 'formaction="/checkout/"' in html
    assert f'<option value="{sku.pk}"' in html
    assert 'hx-get="/cart/mini/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert Client().get(url).content == first


def test_only_lines_on_sale_offer_a_stepper(signed_in, shopper):
    on_sale, off_shelf = make_sku(stock=9), make_sku(stock=9)
    cart = services.user_cart(shopper)
    services.add(cart, on_sale.pk, 3)
    gone_line = services.add(cart, off_shelf.pk, 3).line
    off_shelf.product.status = "off_shelf"
    off_shelf.product.save()
    html = signed_in.get(reverse("cart:page")).content.decode()
    assert html.count('class="stepper"') == 1
    assert reverse("cart:quantity", args=[gone_line.pk]) not in html
    assert "最多可购买" not in html


def test_the_cart_speaks_english(client, sku, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Your cart is empty" in client.get(reverse("cart:page")).content.decode()
    client.post(reverse("cart:add"), {"sku": sku.pk, "qty": "1"})
    html = client.get(reverse("cart:page")).content.decode()
    assert "Shipping is calculated at checkout" in html and "Check out" in html
    assert "运费在结算时计算" not in html
