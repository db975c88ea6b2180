"""The order flow in a real browser: checkout with two shops' goods → sandbox cashier → the
seller ships part, then the rest → the buyer confirms receipt and sees the timeline."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.notifications.services import deliver_due
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall, fill_cart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, live_server, user) -> None:
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_checkout_pay_ship_confirm(page, live_server, client, tmp_path):
    mall = build_mall()
    fill_cart(mall.buyer, (mall.sku_a, 2), (mall.sku_b, 1))
    sign_in(page, client, live_server, mall.buyer)
    page.goto(live_server.url + "/checkout/")
    assert "¥159.00" in page.inner_text(".checkout-bar")
    page.check(f"input[name=address][value='{mall.far_address.pk}']")  # htmx re-prices
    page.wait_for_selector("text=不在配送范围")
    assert page.is_disabled("button:has-text('提交订单')")
    page.check(f"input[name=address][value='{mall.address.pk}']")
    page.wait_for_selector("button:has-text('提交订单'):not([disabled])")
    page.screenshot(path=tmp_path / f"checkout-{page.viewport_name}.png", full_page=True)
    page.click("button:has-text('提交订单')")
    page.click("button:has-text('支付成功')")
    page.wait_for_selector("h1:has-text('支付结果')")  # the cashier's POST has committed
    deliver_due()  # the worker delivers the sandbox's signed notification
    a, b = Order.objects.order_by("pk")
    assert a.status == b.status == OrderStatus.PAID

    seller = ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.SHIPPING)
    sign_in(page, client, live_server, seller.user)
    page.goto(live_server.url + "/seller/orders/?status=paid")
    page.click(f"text={a.no}")
    page.select_option("select[name=carrier]", "SF")
    page.fill("input[name=tracking_no]", "SF1234567890123")
    page.fill(f"input[name=line_{a.lines.get().pk}]", "1")
    page.click("button:has-text('确认发货')")
    page.wait_for_selector("text=已发货")
    page.fill("input[name=tracking_no]", "SF1234567890124")
    page.click("button:has-text('确认发货')")
    page.wait_for_selector("h1:has-text('待收货')")

    sign_in(page, client, live_server, mall.buyer)
    page.goto(live_server.url + f"/orders/{a.no}/")
    with page.expect_response(lambda response: response.url.endswith("/confirm/")) as posted:
        page.click("button:has-text('确认收货')")
    assert posted.value.status == 302
    expect(page.locator("h1")).to_have_text("已完成")
    page.screenshot(path=tmp_path / f"order-{page.viewport_name}.png", full_page=True)
    timeline = page.inner_text(".timeline")
    for step in ("提交订单", "支付成功", "商家发货", "买家确认收货"):
        assert step in timeline
