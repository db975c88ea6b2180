import pytest

from mall.catalog.tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_shows_products(page, live_server):
    ProductFactory(name="清扬男士去屑洗发水")
    page.goto(live_server.url + "/")
    assert "清扬男士去屑洗发水" in page.content()
