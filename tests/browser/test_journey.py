"""The whole money path of issue 3 as the people in it live it, at a desktop and a phone size.

A guest fills a cart from two shops, logs in with a password (the cart is kept), adds an address
with the province/city/district picker, checks out both shops (two orders, one payment, freight
per shop) and pays in the sandbox cashier. The merchant of one shop logs in on their own device
and ships from the seller pages; the buyer confirms receipt; once the after-sales window has
passed, the shop's statement and its CSV show the order settled minus commission.
Screenshots (journey-*.png) go to docs/screenshots/."""

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopFactory, ShopMemberFactory
from mall.notifications.services import deliver_due
from mall.orders.tasks import settle_orders
from mall.shipping.services import RuleInput
from mall.shipping.tests.factories import make_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "Journey-2026"
TRACKING_NO = "SF1403567890123"
TIMELINE = [
    ("待付款", "提交订单"),
    ("待发货", "支付成功"),
    ("待收货", "商家发货"),
    ("已完成", "买家确认收货"),
]


@dataclass
class Mall:
    shirt_url: str
    tea_url: str
    buyer_mobile: str
    merchant_mobile: str


@pytest.fixture
def mall() -> Mall:
    """速干T恤 ¥59.00 from a shop at 5% commission whose freight is ¥8 for the first piece and ¥2
    for each further one to Shanghai (¥12 + ¥3 elsewhere); 明前龙井 ¥199.00 from a shop that
    ships free."""
    sport = ShopFactory(name="静安运动专营店", location="静安嘉里中心 L2", commission_rate_bp=500)
    tea = ShopFactory(name="徐汇茶叶铺")
    shirt = ProductFactory(shop=sport, name="速干T恤", skus=[([], 5900, 20)])
    longjing = ProductFactory(shop=tea, name="明前龙井 250g", skus=[([], 19900, 10)])
    make_template(
        sport,
        default_rule=RuleInput(1, 1200, 1, 300),
        region_rules=(RuleInput(1, 800, 1, 200, region_codes=("310000",)),),  # 上海市
        make_default=True,
    )
    buyer = ShopperFactory(password=PASSWORD)
    owner = ShopMemberFactory(
        shop=sport, user=ShopperFactory(password=PASSWORD), role=ShopMember.Role.OWNER
    )
    return Mall(
        shirt_url=f"/product/{shirt.pk}/",
        tea_url=f"/product/{longjing.pk}/",
        buyer_mobile=buyer.mobile,
        merchant_mobile=owner.user.mobile,
    )


@pytest.fixture
def merchant_page(browser, page):
    """The merchant works on their own device of the same size."""
    context = browser.new_context(viewport=page.viewport_size, locale="zh-CN")
    merchant = context.new_page()
    merchant.viewport_name = page.viewport_name
    yield merchant
    context.close()


def shoot(page, name: str) -> None:
    """The whole page on a screen as tall as the page, so the phone's tab bar sits at the end
    instead of across the middle of a stitched full-page picture."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screen = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": screen["width"], "height": max(height, screen["height"])})
    page.screenshot(path=SCREENSHOTS / f"journey-{name}-{page.viewport_name}.png")
    page.set_viewport_size(screen)


def log_in_with_password(page, mobile: str) -> None:
    """On the login page a protected page sent us to."""
    page.get_by_role("link", name="密码登录").click()
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.locator(".account-form").get_by_role("button", name="登录", exact=True).click()


def open_my_orders(page) -> None:
    """Desktop: 我的订单 in the header. Phone: 我的 in the tab bar, then 我的订单."""
    if page.viewport_name == "phone":
        page.locator(".tabbar").get_by_role("link", name="我的", exact=True).click()
        page.locator(".account").get_by_role("link", name="我的订单").click()
    else:
        page.locator(".site-header").get_by_role("link", name="我的订单").click()
    expect(page.locator("h1")).to_have_text("我的订单")


def shop_card(page, shop: str):
    return page.locator(".order-card", has_text=shop)


def amount(card, label: str):
    return card.locator(f"dt:text-is('{label}') + dd")


def test_guest_to_settlement(page, merchant_page, live_server, mall):
    url = live_server.url
    guest_fills_a_cart(page, url, mall)
    logs_in_keeps_the_cart_and_adds_an_address(page, mall)
    checks_out_and_pays(page)
    merchant_ships(merchant_page, url, mall)
    buyer_confirms_receipt(page)
    shop_statement_after_the_window(merchant_page)


def guest_fills_a_cart(page, url: str, mall: Mall) -> None:
    page.goto(url + mall.shirt_url)
    expect(page.locator("h1")).to_contain_text("速干T恤")
    expect(page.locator(".purchase-note")).to_have_text("门店位置：静安嘉里中心 L2")
    expect(page.get_by_text("即将开放")).to_have_count(0)  # ordering online is here
    page.locator("#buy-qty").fill("2")
    page.get_by_role("button", name="加入购物车").click()
    expect(page.locator("#cart-notice")).to_contain_text("已加入购物车")
    expect(page.locator(".header-cart__count")).to_have_text("2")

    page.goto(url + mall.tea_url)
    page.get_by_role("button", name="加入购物车").click()
    expect(page.locator(".header-cart__count")).to_have_text("3")

    page.locator(".header-cart").click()
    expect(page.locator(".cart-shop")).to_have_count(2)
    expect(
        page.locator(".cart-line", has_text="速干T恤").locator("input[name=quantity]")
    ).to_have_value("2")
    expect(page.locator("[data-cart-total]")).to_have_text("¥317.00")  # goods only
    shoot(page, "cart")


def logs_in_keeps_the_cart_and_adds_an_address(page, mall: Mall) -> None:
    page.get_by_role("link", name="去结算").click()
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/checkout/"))
    log_in_with_password(page, mall.buyer_mobile)

    expect(page.locator("h1")).to_have_text("确认订单")
    expect(page.locator(".header-cart__count")).to_have_text("3")  # the guest cart was kept
    sport, tea = shop_card(page, "静安运动专营店"), shop_card(page, "徐汇茶叶铺")
    expect(sport).to_contain_text("速干T恤")
    expect(tea).to_contain_text("明前龙井 250g")
    expect(page.get_by_text("还没有收货地址。")).to_be_visible()
    expect(amount(sport, "运费")).to_have_text("¥15.00")  # no address yet: the general rate
    expect(page.get_by_role("button", name="提交订单")).to_be_disabled()

    page.get_by_role("link", name="新增收货地址").click()
    page.get_by_label("收货人").fill("李娜")
    page.get_by_label("手机号").fill("13912345678")
    page.select_option("select[name=province]", label="上海市")
    expect(page.locator("select[name=city] option[value='310100']")).to_be_attached()
    page.select_option("select[name=city]", label="上海市")
    expect(page.locator("select[name=district] option[value='310106']")).to_be_attached()
    page.select_option("select[name=district]", label="静安区")
    page.get_by_label("详细地址").fill("南京西路 1601 号")
    page.get_by_role("button", name="保存地址").click()


def checks_out_and_pays(page) -> None:
    expect(page.locator("h1")).to_have_text("确认订单")
    expect(page.locator(".address-choice")).to_contain_text("上海市 上海市 静安区 南京西路 1601 号")
    expect(page.locator("input[name=address]")).to_be_checked()
    sport, tea = shop_card(page, "静安运动专营店"), shop_card(page, "徐汇茶叶铺")
    expect(amount(sport, "商品金额")).to_have_text("¥118.00")
    expect(amount(sport, "运费")).to_have_text("¥10.00")  # Shanghai: ¥8 + ¥2 for the second
    expect(amount(sport, "小计")).to_have_text("¥128.00")
    expect(amount(tea, "运费")).to_have_text("包邮")
    expect(amount(tea, "小计")).to_have_text("¥199.00")
    expect(page.locator(".checkout-bar")).to_contain_text("¥327.00")
    shoot(page, "checkout")

    page.get_by_role("button", name="提交订单").click()
    expect(page.locator("h1")).to_have_text("沙箱收银台")
    expect(page.locator(".pay-card__amount")).to_have_text("¥327.00")  # one payment, two orders
    shoot(page, "cashier")
    page.get_by_role("button", name="支付成功").click()
    expect(page.locator("h1")).to_have_text("支付结果")
    deliver_due()  # the worker delivers the sandbox's signed notification
    expect(page.get_by_text("支付成功，已付 ¥327.00。")).to_be_visible(timeout=10_000)  # refreshes
    page.get_by_role("link", name="查看我的订单").click()
    expect(page.locator(".order-card")).to_have_count(2)
    for shop in ("静安运动专营店", "徐汇茶叶铺"):
        expect(shop_card(page, shop).locator(".status")).to_have_text("待发货")


def merchant_ships(page, url: str, mall: Mall) -> None:
    page.goto(url + "/account/")
    log_in_with_password(page, mall.merchant_mobile)
    page.get_by_role("link", name="商家后台 · 静安运动专营店").click()
    seller_nav = page.get_by_role("navigation", name="商家后台")
    expect(seller_nav.get_by_role("link", name="工作台")).to_have_attribute("aria-current", "page")
    seller_nav.get_by_role("link", name="订单").click()
    expect(seller_nav.get_by_role("link", name="订单")).to_have_attribute("aria-current", "page")
    page.get_by_role("navigation", name="订单状态").get_by_role("link", name="待发货").click()
    row = page.locator(".order-table tbody tr", has_text="李娜")
    expect(row).to_have_count(1)  # only this shop's order
    expect(row).to_contain_text("¥128.00")
    row.get_by_role("link").click()

    expect(page.locator("h1")).to_have_text("待发货")
    page.get_by_label("快递公司").select_option(label="顺丰速运")
    page.get_by_label("运单号").fill(TRACKING_NO)
    page.get_by_role("button", name="确认发货").click()
    expect(page.locator("h1")).to_have_text("待收货")
    expect(page.get_by_text(f"顺丰速运 {TRACKING_NO}")).to_be_visible()
    page.get_by_role("link", name="订单管理").click()
    expect(page.locator(".order-table tbody tr", has_text="李娜")).to_contain_text("待收货")
    shoot(page, "seller-orders")


def buyer_confirms_receipt(page) -> None:
    open_my_orders(page)
    page.get_by_role("navigation", name="订单状态").get_by_role("link", name="待收货").click()
    expect(page.locator(".order-card")).to_have_count(1)
    shop_card(page, "静安运动专营店").click()
    expect(page.locator("h1")).to_have_text("待收货")
    expect(page.get_by_text(f"顺丰速运 {TRACKING_NO}")).to_be_visible()
    page.get_by_role("button", name="确认收货").click()
    expect(page.locator("h1")).to_have_text("已完成")
    timeline = page.locator(".timeline li")
    expect(timeline).to_have_count(len(TIMELINE))
    for step, (status, why) in enumerate(TIMELINE):
        expect(timeline.nth(step)).to_contain_text(f"{status} · {why}")
    shoot(page, "order")


def shop_statement_after_the_window(page) -> None:
    page.get_by_role("navigation", name="商家后台").get_by_role("link", name="结算对账").click()
    expect(page.locator("h1")).to_have_text("结算对账单 · 静安运动专营店")
    expect(
        page.get_by_text("本期没有结算记录。")
    ).to_be_visible()  # in escrow until the window ends

    window = dt.timedelta(days=settings.AFTERSALES_WINDOW_DAYS, hours=1)
    with time_machine.travel(timezone.now() + window, tick=True):
        settle_orders()  # the hourly sweep
        page.reload()
        rows = page.locator(".statement tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="订单结算")).to_contain_text("¥128.00")
        expect(rows.filter(has_text="平台佣金")).to_contain_text("-¥5.90")  # 5% of ¥118.00 goods
        expect(amount(page.locator(".statement-totals"), "期末余额")).to_have_text("¥122.10")
        shoot(page, "statement")

        with page.expect_download() as download:
            page.get_by_role("link", name="下载 CSV").click()
        lines = list(csv.reader(download.value.path().read_text("utf-8-sig").splitlines()))
    by_kind = {line[1]: line for line in lines}
    assert by_kind["订单结算"][4] == "128.00"
    assert by_kind["平台佣金"][4] == "-5.90"
    assert by_kind["期末余额"][5] == "122.10"
