"""Searching from the header box at a desktop and a phone viewport: suggestions while typing,
then highlighted results. Screenshots: docs/screenshots/search-<viewport>.png (results) and
search-suggest-<viewport>.png (the dropdown)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from mall.storefront.tests.demo import build_demo_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / f"{name}-{page.viewport_name}.png")


def test_search_from_the_header(page, live_server):
    build_demo_catalog()  # through catalog services: products are indexed as they commit
    page.goto(live_server.url + "/")
    box = page.locator(".site-header input[name=q]")
    box.press_sequentially("洗发", delay=60)

    suggestions = page.locator(".site-header .search-suggest")
    expect(suggestions).to_be_visible()
    expect(suggestions.locator("li").first).to_be_visible()
    expect(suggestions).to_contain_text("清扬 男士去屑洗发水")
    expect(suggestions.locator("em").first).to_have_text("洗发")
    shoot(page, "search-suggest")

    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page).to_have_title("“洗发” 的搜索结果 - 沪上商城")
    first = page.locator(".search-results .product-card").first
    expect(first).to_contain_text("清扬 男士去屑洗发水")
    expect(first.locator("em")).to_have_text("洗发")

    shoot(page, "search")


def test_no_results_offer_alternatives(page, live_server):
    build_demo_catalog()
    page.goto(live_server.url + "/search/?q=女士 洗发水")
    expect(page.locator(".search-empty")).to_contain_text("没有找到与“女士 洗发水”相关的商品")
    expect(page.locator(".search-section").first).to_contain_text("清扬 男士去屑洗发水")
