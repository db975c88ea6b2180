"""The seller's product pages in a real browser: the owner publishes a product with two specs
(颜色 × 尺码), fills in every SKU, submits it for review; once the operator approves it, it is on
the storefront with its SKUs. Screenshots go to docs/screenshots/."""

from pathlib import Path

import pytest

from mall.catalog import services
from mall.catalog.models import Product
from mall.catalog.tests.factories import category_path
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from tests.browser.test_orders import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_a_seller_publishes_a_product_that_goes_on_sale_after_review(page, live_server, client):
    leaf = category_path("服装", "男装", "T恤")
    owner = ShopMemberFactory(role=ShopMember.Role.OWNER)
    sign_in(page, client, live_server, owner.user)
    shot = page.viewport_name

    page.goto(live_server.url + "/seller/products/")
    page.click("text=发布商品")
    page.fill("input[name=name]", "沪上纯棉圆领T恤")
    page.fill("input[name=subtitle]", "新疆长绒棉，不起球")
    page.select_option("select[name=category]", str(leaf.pk))
    page.fill("input[name=spec-0-name]", "颜色")
    page.fill("input[name=spec-0-values]", "白色、黑色")
    page.fill("input[name=spec-1-name]", "尺码")
    page.fill("input[name=spec-1-values]", "M、L")
    page.click("button:has-text('更新 SKU 列表')")
    rows = page.locator("table.sp-skus tbody tr")
    assert rows.count() == 4
    for index in range(4):
        row = rows.nth(index)
        row.locator("input[name$=-price]").fill(f"{79 + index}.00")
        row.locator("input[name$=-stock]").fill("20")
    page.fill("textarea[name=description]", "<p>夏天穿刚刚好</p><script>alert(1)</script>")
    page.screenshot(path=SCREENSHOTS / f"seller-product-form-{shot}.png", full_page=True)
    page.click("form.sp-form button[type=submit]:has-text('保存')")
    page.wait_for_selector("text=商品已创建为草稿")

    page.click("button:has-text('提交审核')")
    page.wait_for_selector(".sp-status--pending")
    product = Product.objects.get(name="沪上纯棉圆领T恤")
    assert product.status == Product.Status.PENDING and product.skus.count() == 4
    assert "script" not in product.description

    services.approve_product(product, reviewer=ShopperFactory(is_staff=True))
    page.goto(live_server.url + "/seller/products/?status=on_sale")
    assert "沪上纯棉圆领T恤" in page.inner_text(".sp-list")
    page.screenshot(path=SCREENSHOTS / f"seller-product-list-{shot}.png", full_page=True)

    page.goto(live_server.url + f"/product/{product.pk}/")
    page.wait_for_selector("h1:has-text('沪上纯棉圆领T恤')")
    body = page.inner_text("body")
    assert "¥79.00" in body and "黑色" in body and "L" in body
