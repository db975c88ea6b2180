import pytest
from django.urls import reverse

from mall.customers.models import User
from mall.orders.tests.factories import placed_order


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(
        username="ops", password="x-Passw0rd!", mobile="13700000000"
    )


def test_operator_finds_an_order_and_sees_its_timeline(client, operator, sku):
    order = placed_order([(sku, 2)])
    client.force_login(operator)
    listing = client.get(reverse("admin:orders_order_changelist") + f"?q={order.no}")
    assert order.no in listing.content.decode()
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert order.lines.get().product_name in page and "待付款" in page
