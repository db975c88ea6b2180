"""The address picker in a real browser: province → city → district from /api/regions."""

import pytest
from django.conf import settings

from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, live_server, user) -> None:
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_shopper_adds_an_address_with_the_region_picker(page, live_server, client, tmp_path):
    user = ShopperFactory()
    sign_in(page, client, live_server, user)
    page.goto(live_server.url + "/account/addresses/new/")
    page.fill("input[name=consignee]", "张三")
    page.fill("input[name=mobile]", "13800138000")
    page.select_option("select[name=province]", label="江苏省")
    page.wait_for_selector("select[name=city] option[value='320500']", state="attached")
    page.select_option("select[name=city]", label="苏州市")
    page.wait_for_selector("select[name=district] option[value='320583']", state="attached")
    page.select_option("select[name=district]", label="昆山市")
    page.fill("textarea[name=detail]", "前进中路 1 号")
    page.screenshot(path=tmp_path / f"address-form-{page.viewport_name}.png", full_page=True)
    page.click("button[type=submit]:has-text('保存地址')")
    page.wait_for_url("**/account/addresses/")
    assert "江苏省 苏州市 昆山市 前进中路 1 号" in page.content()
    address = Address.objects.get(user=user)
    assert (address.region_code, address.is_default) == ("320583", True)


def test_changing_the_province_clears_city_and_district(page, live_server, client):
    sign_in(page, client, live_server, ShopperFactory())
    page.goto(live_server.url + "/account/addresses/new/")
    page.select_option("select[name=province]", "310000")
    page.wait_for_selector("select[name=city] option[value='310100']", state="attached")
    page.select_option("select[name=city]", "310100")
    page.wait_for_selector("select[name=district] option[value='310101']", state="attached")
    page.select_option("select[name=province]", "440000")
    page.wait_for_selector("select[name=city] option[value='441900']", state="attached")
    assert page.eval_on_selector("select[name=district]", "s => s.disabled && s.value === ''")
    page.select_option("select[name=city]", "441900")  # 东莞市 has no districts
    page.wait_for_timeout(300)
    assert page.eval_on_selector("select[name=district]", "s => s.disabled")
