import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mall.backoffice import selectors
from mall.backoffice.tests.factories import shop_order
from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders.models import OrderStatus

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)
URL = reverse("backoffice:dashboard")
Role = ShopMember.Role


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_today_is_the_shanghai_day_not_the_utc_one(owner):
    shop = owner.shop
    shop_order(shop, total=1000, paid_at=at(26, 0, 30))  # 25 Nov 16:30 UTC: still today here
    shop_order(shop, total=2000, paid_at=at(26, 9, 59))
    shop_order(shop, total=4000, paid_at=at(25, 23, 59))  # yesterday
    shop_order(ShopMemberFactory().shop, total=8000, paid_at=at(26, 9))  # another shop
    data = selectors.dashboard(shop, 7)
    assert (data.today.orders, data.today.sales) == (2, 3000)
    yesterday = data.days[-2]
    assert (yesterday.day, yesterday.orders, yesterday.sales) == (dt.date(2026, 11, 25), 1, 4000)
    assert len(data.days) == 7 and data.days[0].day == dt.date(2026, 11, 20)


def test_open_work_counts_orders_to_ship_and_refunds_in_progress(owner):
    shop = owner.shop
    shop_order(shop, status=OrderStatus.PAID)
    shop_order(shop, status=OrderStatus.PAID)
    shop_order(shop, status=OrderStatus.REFUNDING)
    shop_order(shop, status=OrderStatus.SHIPPED)
    shop_order(ShopMemberFactory().shop, status=OrderStatus.PAID)
    data = selectors.dashboard(shop, 7)
    assert (data.to_ship, data.refunding) == (2, 1)


def test_low_stock_lists_the_shops_scarcest_skus_on_sale(owner):
    shop = owner.shop
    ProductFactory(shop=shop, name="快卖完的茶具", skus=[(["白"], 100, 2), (["青"], 100, 50)])
    ProductFactory(shop=shop, name="下架的杯子", status=Product.Status.OFF_SHELF, skus__stock=0)
    ProductFactory(name="别家的碗", skus__stock=0)
    (sku,) = selectors.dashboard(shop, 7).low_stock
    assert (sku.product.name, sku.stock) == ("快卖完的茶具", 2)


def test_the_page_shows_numbers_chart_and_shortcuts_to_an_owner(client, owner):
    shop_order(owner.shop, total=12345, paid_at=at(26, 8))
    client.force_login(owner.user)
    page = client.get(URL).content.decode()
    assert "¥123.45" in page and "今日支付金额" in page
    assert page.count('class="bo-chart__bar"') == 7 and "11-26：¥123.45，1 单" in page
    assert reverse("orders:seller_list") + "?status=paid" in page
    assert reverse("backoffice:staff") in page and reverse("learning:list") in page
    assert 'name="robots" content="noindex"' in page
    month = client.get(URL, {"days": "30"}).content.decode()
    assert month.count('class="bo-chart__bar"') == 30


def test_roles_without_money_see_counts_but_no_amounts(client, owner, member_of):
    shop_order(owner.shop, total=12345, paid_at=at(26, 8))
    client.force_login(member_of(Role.SERVICE).user)
    page = client.get(URL).content.decode()
    assert "¥123.45" not in page and "今日支付金额" not in page
    assert "11-26：1 单" in page
    assert reverse("backoffice:money") not in page and reverse("backoffice:staff") not in page


def test_shoppers_get_404_and_anonymous_users_log_in(client):
    assert client.get(URL).status_code == 302
    client.force_login(ShopMemberFactory().user)
    assert client.get(URL).status_code == 200
    client.force_login(ShopperFactory())
    assert client.get(URL).status_code == 404


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_a_busy_shop(
    client, owner, django_assert_max_num_queries
):
    client.force_login(owner.user)
    quiet = _queries(client)
    for hour in range(8):
        shop_order(owner.shop, paid_at=at(20 + hour % 6, hour))
        ProductFactory(shop=owner.shop, skus__stock=1)
    assert _queries(client, days="30") == quiet
    with django_assert_max_num_queries(8):
        client.get(URL)


def test_the_dashboard_reads_take_three_queries(owner, django_assert_num_queries):
    with django_assert_num_queries(3):
        selectors.dashboard(owner.shop, 30)


def test_the_back_office_speaks_english_when_asked(client, owner):
    shop_order(owner.shop, total=12345, paid_at=at(26, 8))
    client.force_login(owner.user)
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert "Orders paid today" in page and "11-26: ¥123.45, 1 order</title>" in page
    assert "今日支付" not in page
    staff = client.get(reverse("backoffice:staff")).content.decode()
    assert "Add and notify by SMS" in staff and "Seller academy" in staff


def test_shortcuts_and_stock_links_follow_the_role(client, owner, member_of):
    product = ProductFactory(shop=owner.shop, skus__stock=1)
    stock_url = reverse("seller_products:stock", args=[product.pk])
    client.force_login(owner.user)
    page = client.get(URL).content.decode()
    assert reverse("seller_products:create") in page and stock_url in page
    assert reverse("ledger:statements") in page
    client.force_login(member_of(Role.SHIPPING).user)
    page = client.get(URL).content.decode()
    assert stock_url in page and "待发货订单" in page
    assert reverse("seller_products:create") not in page
    assert reverse("ledger:statements") not in page
    client.force_login(member_of(Role.SERVICE).user)
    page = client.get(URL).content.decode()
    assert stock_url not in page and product.name in page
