"""A shopper's walk through the storefront at a desktop and a phone viewport: home → category →
filter → product → SKU switch, then English. Screenshots go to docs/screenshots/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mall.storefront.tests.demo import build_demo_catalog
from tests.browser.conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo_mall():
    build_demo_catalog()


def shoot(page, name: str) -> None:
    """Desktop: the whole page. Phone: the first screen, as a shopper sees it with the tab bar."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    full = page.viewport_name == "desktop"
    page.screenshot(path=SCREENSHOTS / f"{name}-{page.viewport_name}.png", full_page=full)


def open_filters(page) -> None:
    toggle = page.locator(".filters__toggle")
    if toggle.is_visible():
        toggle.click()


def test_shopper_walks_from_home_to_a_sku(page, live_server, demo_mall):
    page.goto(live_server.url + "/")
    expect(page.locator(".shelf--new .product-card").first).to_be_visible()
    expect(page.locator(".banners__slide")).to_have_count(2)
    shoot(page, "home")

    # the icon grid on phones, the menu beside the banners on desktops
    page.get_by_role("link", name="数码", exact=True).filter(visible=True).first.click()
    expect(page.locator("h1")).to_have_text("数码")
    expect(page.locator("#listing .product-card")).to_have_count(6)
    shoot(page, "listing")

    open_filters(page)
    page.locator(".filters__row", has_text="品牌").get_by_role("link", name="华为").click()
    page.wait_for_url(re.compile(r"brand=\d+"))
    expect(page.locator("#listing .product-card")).to_have_count(2)
    expect(page.locator(".active-filters")).to_contain_text("华为")
    expect(page.locator("#listing")).to_have_count(1)  # the grid was replaced, not nested
    expect(page.locator("h1")).to_have_count(1)

    page.locator(".price-form input[name=price_min]").fill("2000")
    page.locator(".price-form").get_by_role("button").click()
    page.wait_for_url(re.compile(r"brand=\d+&price_min=2000"))
    expect(page.locator("#listing .product-card")).to_have_count(1)

    page.get_by_role("link", name=re.compile("华为 Mate 70 Pro")).click()
    expect(page.locator("h1")).to_contain_text("华为 Mate 70 Pro")
    price, stock = page.locator("[data-sku-price]"), page.locator("[data-sku-stock]")
    expect(price).to_have_text("¥6,999.00 – ¥7,499.00")

    picker = page.locator("[data-sku-picker]")
    picker.get_by_role("button", name="雪域白").click()
    picker.get_by_role("button", name="12GB+512GB").click()
    expect(price).to_have_text("¥7,499.00")
    expect(stock).to_have_text("库存 5 件")
    expect(picker.get_by_role("button", name="曜石黑")).to_be_disabled()  # sold out at 512GB
    picker.get_by_role("button", name="12GB+256GB").click()
    expect(price).to_have_text("¥6,999.00")
    expect(stock).to_have_text("库存 8 件")

    page.locator(".related-slot").scroll_into_view_if_needed()  # 相关推荐 comes when reached
    expect(
        page.locator(".shelf", has_text="相关推荐").locator(".product-card").first
    ).to_be_visible()
    expect(page.locator(".related-slot")).to_have_count(0)
    shoot(page, "product")


def test_category_index_shop_page_and_english(page, live_server, demo_mall):
    page.goto(live_server.url + "/categories/")
    expect(page.locator(".cat-index__panel")).to_have_count(10)
    shoot(page, "categories")
    page.goto(live_server.url + "/shop/huawei-jingan/")
    expect(page.locator("h1")).to_have_text("华为授权体验店")
    page.locator(".sort-bar").get_by_role("link", name="价格").click()
    page.wait_for_url(re.compile(r"sort=price_asc"))
    expect(page.locator(".shop-hero")).to_have_count(1)
    expect(page.locator("#listing .product-card").first).to_contain_text("美的 IH 电饭煲")
    shoot(page, "shop")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator(".lang-switch--footer").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-switch--footer button.is-active")).to_have_text("English")
    expect(page).to_have_url(re.compile(r"/shop/huawei-jingan/\?sort=price_asc$"))


def test_filters_sorting_and_paging_work_without_javascript(browser, live_server, demo_mall):
    context = browser.new_context(
        java_script_enabled=False, viewport=VIEWPORTS["desktop"], locale="zh-CN"
    )
    page = context.new_page()
    page.goto(live_server.url + "/category/c5/")
    page.locator(".filters__toggle").click()
    page.locator(".filters__row", has_text="品牌").get_by_role("link", name="小米").click()
    expect(page).to_have_url(re.compile(r"brand=\d+"))
    expect(page.locator("#listing .product-card")).to_have_count(2)
    page.locator(".sort-bar").get_by_role("link", name="价格").click()
    expect(page.locator("#listing .product-card").first).to_contain_text("小米 Buds 5")
    context.close()
