"""Issue 4's whole merchant journey in a real browser, at a desktop and a phone size.

A shopper applies to open a shop; the operator asks for more in the admin, the applicant edits and
resubmits, the operator approves with a tier. The new owner opens the back office, publishes a
product with two specs and submits it; the operator approves it in the admin's 商品审核 queue. A
shopper finds it in the shop, buys it and pays in the sandbox cashier; the owner ships it from the
seller orders and the order is 待收货 on both sides.
Screenshots (journey-merchant-*.png, desktop only) go to docs/screenshots/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mall.catalog.models import Product
from mall.catalog.tests.factories import category_path
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop
from mall.notifications.services import deliver_due
from mall.onboarding.models import Application
from mall.onboarding.tests.factories import credit_code
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import SHANGHAI
from tests.browser.test_onboarding import decide, files
from tests.browser.test_orders import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
COMPANY = "杭州西湖龙井茶业有限公司"
SHOP = "西湖龙井茶庄"
PRODUCT = "明前狮峰龙井"
TRACKING_NO = "SF1426000000001"


def shoot(page, name: str) -> None:
    if page.viewport_name == "desktop":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")  # the sticky header at the top, not mid-picture
        page.screenshot(path=SCREENSHOTS / f"journey-merchant-{name}.png", full_page=True)


def post_and_follow(page, button) -> None:
    """Click a form's submit button and wait for the redirect (or re-shown form) to load."""
    with page.expect_navigation():
        button.click()


def messages(page):
    """The admin's success/error messages."""
    return page.locator(".messagelist")


def stat(page, label: str):
    """A number on the seller dashboard."""
    return page.locator(".bo-stat", has_text=label).locator(".bo-stat__value")


def test_apply_review_sell_ship(page, live_server, client, tmp_path):
    green_tea = category_path("茶饮冲调", "茶叶", "绿茶")
    applicant = ShopperFactory(mobile="13611113333")
    operator = ShopperFactory(mobile="13800000001", is_staff=True, is_superuser=True)
    buyer = ShopperFactory(mobile="13912340000")
    Address.objects.create(
        user=buyer, consignee="陈静", mobile="13912340000", region_code=SHANGHAI,
        detail="福州路 88 号", is_default=True,
    )  # fmt: skip
    url = live_server.url

    def as_user(user) -> None:
        sign_in(page, client, live_server, user)

    as_user(applicant)
    applies(page, url, files(tmp_path))
    application = Application.objects.get(applicant=applicant)
    as_user(operator)
    asks_for_more(page, live_server, application)
    as_user(applicant)
    resubmits(page, url, files(tmp_path))
    as_user(operator)
    approves_with_a_tier(page, live_server, application)

    as_user(applicant)  # the owner account is the applicant's: same mobile
    opens_the_back_office(page, url)
    publishes_a_product(page, green_tea.pk)
    as_user(operator)
    approves_the_listing(page, url)

    as_user(buyer)
    product = Product.objects.get(name=PRODUCT)
    assert product.status == Product.Status.ON_SALE
    buys_it(page, url, Shop.objects.get(name=SHOP).slug)
    order = Order.objects.get(buyer=buyer)
    assert order.status == OrderStatus.PAID and order.shop.name == SHOP

    as_user(applicant)
    ships_it(page, url, order.no)
    as_user(buyer)
    page.goto(f"{url}/orders/{order.no}/")
    expect(page.locator("h1")).to_have_text("待收货")
    expect(page.get_by_text(f"顺丰速运 {TRACKING_NO}")).to_be_visible()


def applies(page, url: str, upload: dict[str, Path]) -> None:
    page.goto(url + "/join/apply/")
    expect(page.locator("#id_contact_mobile")).to_have_value("13611113333")
    page.fill("#id_company_name", COMPANY)
    page.fill("#id_credit_code", credit_code(20261127))
    page.fill("#id_legal_representative", "陈明")
    page.fill("#id_contact_name", "周敏")
    page.fill("#id_contact_email", "bd@xihu-tea.example")
    page.check("label:has-text('茶饮冲调') input")
    page.fill("#id_expected_monthly_gmv", "200000")
    page.fill("#id_shop_name", SHOP)
    page.set_input_files("#id_logo", upload["logo"])
    page.set_input_files("#id_business_licence", upload["licence"])
    page.fill("#id_brands-0-name", "狮峰")
    page.set_input_files("#id_brands-0-authorisation", upload["brand"])
    post_and_follow(page, page.get_by_role("button", name="提交申请"))
    expect(page.locator(".join-status__value")).to_have_text(re.compile("待审核"))


def asks_for_more(page, live_server, application: Application) -> None:
    decide(page, live_server, application, "request-info")
    page.fill("textarea[name=message]", "营业执照照片不清晰，请上传清晰的扫描件。")
    post_and_follow(page, page.locator("input[type=submit]"))
    expect(messages(page)).to_contain_text("已通知申请人补充资料")


def resubmits(page, url: str, upload: dict[str, Path]) -> None:
    page.goto(url + "/join/status/")
    expect(page.locator(".join-timeline")).to_contain_text("营业执照照片不清晰")
    page.get_by_role("link", name="修改并重新提交").click()
    expect(page.locator("#id_company_name")).to_have_value(COMPANY)  # the draft is kept
    page.set_input_files("#id_business_licence", upload["licence2"])
    post_and_follow(page, page.get_by_role("button", name="重新提交审核"))
    expect(page.locator(".join-status__value")).to_have_text(re.compile("已补充资料"))


def approves_with_a_tier(page, live_server, application: Application) -> None:
    decide(page, live_server, application, "approve")
    page.select_option("select[name=tier]", "preferred")
    post_and_follow(page, page.locator("input[type=submit]"))
    expect(messages(page)).to_contain_text("已通过，店铺已开通")


def opens_the_back_office(page, url: str) -> None:
    page.goto(url + "/seller/")
    expect(page.locator("h1")).to_have_text(SHOP)
    expect(page.locator(".bo-head__meta")).to_contain_text("店主")
    shoot(page, "dashboard")


def publishes_a_product(page, leaf_id: int) -> None:
    nav = page.get_by_role("navigation", name="商家后台")
    nav.get_by_role("link", name="商品", exact=True).click()
    expect(page.locator("h1")).to_have_text("商品管理")
    page.get_by_role("link", name="发布商品").click()
    expect(page.locator("h1")).to_have_text("发布商品")
    page.fill("input[name=name]", PRODUCT)
    page.fill("input[name=subtitle]", "清明前手工采摘，豆香浓郁")
    page.select_option("select[name=category]", str(leaf_id))
    page.fill("input[name=spec-0-name]", "净含量")
    page.fill("input[name=spec-0-values]", "100g、250g")
    post_and_follow(page, page.get_by_role("button", name="更新 SKU 列表"))
    rows = page.locator("table.sp-skus tbody tr")
    expect(rows).to_have_count(2)
    for combo, price in (("100g", "168.00"), ("250g", "388.00")):
        row = page.locator(f"table.sp-skus tr[data-combo='{combo}']")
        row.locator("input[name$=-price]").fill(price)
        row.locator("input[name$=-stock]").fill("30")
    page.fill("textarea[name=description]", "<p>西湖产区，明前头采。</p>")
    shoot(page, "product-form")
    post_and_follow(page, page.locator("form.sp-form button[type=submit]:has-text('保存')"))
    expect(page.get_by_text("商品已创建为草稿")).to_be_visible()
    post_and_follow(page, page.get_by_role("button", name="提交审核"))
    expect(page.locator(".sp-status")).to_have_text("待审核")


def approves_the_listing(page, url: str) -> None:
    page.goto(url + "/admin/")
    page.get_by_role("link", name="商品审核").first.click()
    row = page.locator("#result_list tbody tr", has_text=PRODUCT)
    expect(row).to_contain_text(SHOP)
    shoot(page, "review-queue")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "approve")
    post_and_follow(page, page.locator("button[name=index]"))
    expect(messages(page)).to_contain_text("已上架 1 个商品")
    expect(page.locator("#result_list tbody tr", has_text=PRODUCT)).to_have_count(0)


def buys_it(page, url: str, shop_slug: str) -> None:
    page.goto(f"{url}/shop/{shop_slug}/")
    expect(page.locator("h1")).to_have_text(SHOP)
    page.get_by_role("link", name=re.compile(PRODUCT)).first.click()
    expect(page.locator("h1")).to_contain_text(PRODUCT)
    page.locator("[data-sku-picker]").get_by_role("button", name="250g").click()
    expect(page.locator("[data-sku-price]")).to_have_text("¥388.00")
    with page.expect_response(lambda response: response.url.endswith("/cart/add/")) as added:
        page.get_by_role("button", name="加入购物车").click()
    assert added.value.ok
    expect(page.locator("#cart-notice")).to_contain_text("已加入购物车")

    page.goto(url + "/cart/")
    page.get_by_role("link", name="去结算").click()
    expect(page.locator("h1")).to_have_text("确认订单")
    expect(page.locator("input[name=address]")).to_be_checked()
    expect(page.locator(".order-card", has_text=SHOP)).to_contain_text("包邮")  # no template
    post_and_follow(page, page.get_by_role("button", name="提交订单"))
    expect(page.locator("h1")).to_have_text("沙箱收银台")
    expect(page.locator(".pay-card__amount")).to_have_text("¥388.00")
    post_and_follow(page, page.get_by_role("button", name="支付成功"))
    expect(page.locator("h1")).to_have_text("支付结果")
    deliver_due()  # the worker delivers the sandbox's signed notification
    expect(page.get_by_text("支付成功，已付 ¥388.00。")).to_be_visible(timeout=10_000)


def ships_it(page, url: str, order_no: str) -> None:
    page.goto(url + "/seller/")
    expect(stat(page, "今日支付金额")).to_have_text("¥388.00")
    expect(stat(page, "待发货")).to_have_text("1")
    page.get_by_role("navigation", name="商家后台").get_by_role("link", name="订单").click()
    expect(page.locator("h1")).to_have_text(f"订单管理 · {SHOP}")
    page.get_by_role("navigation", name="订单状态").get_by_role("link", name="待发货").click()
    expect(page).to_have_url(re.compile(r"/seller/orders/\?status=paid"))
    row = page.locator(".order-table tbody tr", has_text=order_no)
    expect(row).to_contain_text("陈静")
    row.get_by_role("link", name=order_no).click()
    expect(page.locator("h1")).to_have_text("待发货")
    page.get_by_label("快递公司").select_option(label="顺丰速运")
    page.get_by_label("运单号").fill(TRACKING_NO)
    post_and_follow(page, page.get_by_role("button", name="确认发货"))
    expect(page.locator("h1")).to_have_text("待收货")
    expect(page.get_by_text(f"顺丰速运 {TRACKING_NO}")).to_be_visible()
    shoot(page, "order-shipped")
    page.get_by_role("link", name="订单管理").click()
    expect(page.locator(".order-table tbody tr", has_text=order_no)).to_contain_text("待收货")
