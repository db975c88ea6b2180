"""The merchant back office in a real browser: the owner's 工作台 with a paid order, the
packing list, cancelling an order the shop cannot fulfil, the shop settings with a logo, inviting
a member of staff, and the learning centre. Screenshots go to docs/screenshots/."""

from pathlib import Path

import pytest

from mall.learning.tests.factories import ArticleCategoryFactory, ArticleFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.models import OrderStatus
from mall.orders.tests.checkout_setup import build_mall, pay
from tests.browser.test_orders import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LOGO = Path(__file__).resolve().parents[2] / "mall" / "static" / "img" / "favicon.svg"


def _paid_order(mall, key: str):
    request = CheckoutRequest(mall.address.pk, (CheckoutItem(mall.sku_a.pk, 2),), note="礼盒包装")
    (order,) = place_orders(user=mall.buyer, request=request, key=key)
    pay(order.payment_id)
    return order


def test_the_owner_runs_the_shop_from_the_back_office(page, live_server, client, tmp_path):
    mall = build_mall()
    kept, cancelled = _paid_order(mall, "bo-browser-1"), _paid_order(mall, "bo-browser-2")
    owner = ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.OWNER)
    ArticleFactory(title="发货时效规则", category=ArticleCategoryFactory(name="平台规则"))
    sign_in(page, client, live_server, owner.user)
    shot = page.viewport_name

    page.goto(live_server.url + "/seller/")
    assert page.inner_text(".bo-stats").count("¥") == 1  # today's sales, for the owner
    assert page.locator(".bo-chart__bar").count() == 7
    page.screenshot(path=SCREENSHOTS / f"backoffice-dashboard-{shot}.png", full_page=True)

    page.goto(live_server.url + f"/seller/orders/{kept.no}/")
    page.click("text=打印发货单")
    page.wait_for_selector("h1:has-text('发货单')")
    assert "礼盒包装" in page.inner_text(".packing-list__sheet")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-header")
    page.screenshot(path=SCREENSHOTS / f"backoffice-packing-list-{shot}.png", full_page=True)
    page.emulate_media(media="screen")

    page.goto(live_server.url + f"/seller/orders/{cancelled.no}/")
    page.fill("input[name=reason]", "商品缺货")
    page.click("button:has-text('确认取消订单')")
    page.wait_for_selector("text=订单已取消，已通知买家")
    cancelled.refresh_from_db()
    assert cancelled.status == OrderStatus.REFUNDING

    page.goto(live_server.url + "/seller/shop/")
    page.set_input_files("input[name=logo]", str(LOGO))  # an SVG: refused, form kept
    page.fill("input[name=service_hours]", "每天 09:00–21:00")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=无法识别的图片文件")
    assert page.input_value("input[name=service_hours]") == "每天 09:00–21:00"
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=店铺设置已保存")
    page.screenshot(path=SCREENSHOTS / f"backoffice-shop-{shot}.png", full_page=True)

    page.goto(live_server.url + "/seller/staff/")
    page.fill("input[name=mobile]", "13800001111")
    page.select_option("select[name=role]", ShopMember.Role.SERVICE)
    page.click("button:has-text('添加并短信通知')")
    page.wait_for_selector("text=并已短信通知")
    assert ShopMember.objects.filter(shop=owner.shop, user__mobile="13800001111").exists()
    page.screenshot(path=SCREENSHOTS / f"backoffice-staff-{shot}.png", full_page=True)

    page.goto(live_server.url + "/seller/learning/")
    page.click("text=发货时效规则")
    page.wait_for_selector("h1:has-text('发货时效规则')")
    page.screenshot(path=tmp_path / f"learning-{shot}.png", full_page=True)
