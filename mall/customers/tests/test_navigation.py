"""The links a shopper and a merchant find their way by: 我的订单 in the header and the account
page, 商家后台 for shop members, and one navigation bar across the seller pages."""

import re

import pytest

from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop, ShopMember
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db
SELLER_PAGES = {  # an owner's bar, left to right
    "/seller/": "工作台",
    "/seller/orders/": "订单",
    "/seller/products/": "商品",
    "/seller/promotions/": "营销活动",
    "/seller/coupons/": "优惠券",
    "/seller/price-lists/": "会员与渠道价",
    "/seller/freight/": "运费模板",
    "/seller/statements/": "结算对账",
    "/seller/money/": "资金",
    "/seller/shop/": "店铺设置",
    "/seller/staff/": "员工",
    "/seller/learning/": "商家学堂",
}


def links(html: str) -> dict[str, str]:
    """href → the text a screen reader announces for each link on the page."""
    found = re.findall(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    return {href: visible_text(text) for href, text in found}


def visible_text(markup: str) -> str:
    markup = re.sub(r'<(\w+)[^>]*aria-hidden="true"[^>]*>.*?</\1>', "", markup, flags=re.S)
    return re.sub(r"<[^>]+>", "", markup).strip()


def test_plain_visitors_see_the_same_static_orders_link_in_the_header(client):
    product = ProductFactory()
    for url in ("/", f"/product/{product.pk}/"):
        first, again = client.get(url).content, client.get(url).content
        assert first == again  # nothing about the visitor in a cached page
        assert links(first.decode())["/orders/"] == "我的订单"


def test_the_orders_link_leads_a_visitor_to_log_in_first(client):
    response = client.get("/orders/")
    assert (response.status_code, response["Location"]) == (302, "/account/login/?next=/orders/")


def test_account_page_links_to_the_shoppers_orders_without_a_seller_entry(client):
    client.force_login(ShopperFactory())
    page = links(client.get("/account/").content.decode())
    assert page["/orders/"] == "我的订单"
    assert "/seller/orders/" not in page


def test_account_page_offers_shop_members_the_seller_pages(client):
    member = ShopMemberFactory(shop__name="静安运动专营店")
    client.force_login(member.user)
    page = links(client.get("/account/").content.decode())
    assert page["/seller/"] == "商家后台 · 静安运动专营店"
    assert page["/orders/"] == "我的订单"  # a merchant shops too


def test_members_of_a_closed_shop_get_no_seller_entry(client):
    member = ShopMemberFactory(shop__status=Shop.Status.CLOSED)
    client.force_login(member.user)
    assert "/seller/" not in links(client.get("/account/").content.decode())


@pytest.mark.parametrize("current", list(SELLER_PAGES))
def test_each_seller_page_carries_the_seller_navigation(client, current):
    client.force_login(ShopMemberFactory().user)
    html = client.get(current).content.decode()
    nav = re.search(r'<nav class="chips seller-nav"[^>]*>(.*?)</nav>', html, re.S)[1]
    assert links(nav) == SELLER_PAGES
    assert re.findall(r'href="([^"]*)" aria-current="page"', nav) == [current]


@pytest.mark.parametrize("role", [ShopMember.Role.SERVICE, ShopMember.Role.SHIPPING])
def test_roles_without_freight_rights_are_not_offered_the_freight_page(client, role):
    client.force_login(ShopMemberFactory(role=role).user)
    html = client.get("/seller/orders/").content.decode()
    nav = re.search(r'<nav class="chips seller-nav"[^>]*>(.*?)</nav>', html, re.S)[1]
    assert "/seller/freight/" not in links(nav)
    assert client.get("/seller/freight/").status_code == 404
