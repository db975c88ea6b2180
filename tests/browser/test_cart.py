"""A guest picks a SKU, adds it with htmx, changes the cart in place, then signs in and keeps
the cart. Screenshots of the cart go to docs/screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from mall.cart.tests.conftest import make_sku
from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "Cart-Walk-2026"


def test_guest_fills_a_cart_and_keeps_it_at_login(page, live_server):
    shirt = ProductFactory(
        name="速干T恤", skus=[(["红色"], 5900, 5), (["蓝色"], 6900, 3)], skus__spec_names=["颜色"]
    )
    other_shop = make_sku(price=1990, stock=9)
    shopper = ShopperFactory(password=PASSWORD)

    page.goto(f"{live_server.url}/product/{shirt.pk}/")
    expect(page.locator("#mini-cart")).not_to_have_attribute("hx-get", "/cart/mini/")
    buy = page.locator("[data-cart-form]")
    expect(buy.locator("[data-cart-sku-row]")).to_be_hidden()  # the picker chooses the SKU
    buy.get_by_role("button", name="加入购物车").click()
    expect(page.locator("#cart-notice")).to_contain_text("请先选择规格")

    page.locator(".sku-option", has_text="蓝色").click()
    buy.get_by_role("button", name="加入购物车").click()
    expect(page.locator("#cart-notice")).to_contain_text("已加入购物车")
    expect(page.locator(".header-cart__count")).to_have_text("1")

    page.goto(f"{live_server.url}/product/{other_shop.product_id}/")
    page.locator("#buy-qty").fill("2")
    page.get_by_role("button", name="加入购物车").click()
    expect(page.locator(".header-cart__count")).to_have_text("3")

    page.goto(f"{live_server.url}/cart/")
    expect(page.locator(".cart-shop")).to_have_count(2)
    expect(page.locator("[data-cart-total]")).to_have_text("¥108.80")
    blue = page.locator(".cart-line", has_text="蓝色")
    blue.get_by_role("button", name="增加").click()
    expect(blue.locator("input[name=quantity]")).to_have_value("2")
    expect(page.locator("[data-cart-total]")).to_have_text("¥177.80")
    expect(page.locator(".header-cart__count")).to_have_text("4")
    blue.get_by_role("button", name="增加").click()
    expect(blue.locator("input[name=quantity]")).to_have_value("3")
    expect(blue.get_by_role("button", name="增加")).to_be_disabled()
    expect(page.locator("[data-cart-total]")).to_have_text("¥246.80")

    page.get_by_role("checkbox", name=f"全选本店商品 {other_shop.shop.name}").click()
    expect(page.locator("[data-cart-total]")).to_have_text("¥207.00")
    Product.objects.filter(pk=other_shop.product_id).update(status=Product.Status.OFF_SHELF)
    page.locator(".cart-line", has_text=other_shop.product.name).get_by_role(
        "button", name="减少"
    ).click()
    expect(page.locator("#cart-notice")).to_contain_text("商品已失效，不能修改数量")
    page.reload()
    expect(page.locator(".cart-flag--off_shelf")).to_have_text("商品已下架")
    expect(page.locator(".header-cart__count")).to_have_text("5")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"cart-{page.viewport_name}.png", full_page=True)

    page.goto(f"{live_server.url}/account/login/?tab=password&next=/cart/")
    page.locator("input[name=mobile]").fill(shopper.mobile)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).last.click()
    page.wait_for_url(f"{live_server.url}/cart/")
    expect(page.locator(".cart-line")).to_have_count(2)
    expect(page.locator(".header-cart__count")).to_have_text("5")
