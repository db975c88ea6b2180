import pytest
from django.urls import reverse

from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.tests.checkout_setup import build_mall, pay

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:money")
Role = ShopMember.Role


def test_the_owner_sees_the_money_held_for_their_paid_orders(client):
    mall = build_mall()
    request = CheckoutRequest(mall.address.pk, (CheckoutItem(mall.sku_a.pk, 2),))
    (order,) = place_orders(user=mall.buyer, request=request, key="money-key-0001")
    pay(order.payment_id)
    owner = ShopMemberFactory(shop=mall.sku_a.shop, role=Role.OWNER)
    client.force_login(owner.user)
    page = client.get(URL).content.decode()
    assert "担保中" in page and "¥60.00" in page  # 2 × 25 + freight 10
    assert reverse("ledger:statements") in page
    client.force_login(ShopMemberFactory(shop=mall.sku_b.shop).user)
    assert "¥60.00" not in client.get(URL).content.decode()


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.SERVICE, Role.SHIPPING])
def test_roles_without_money_get_404(client, role):
    client.force_login(ShopMemberFactory(role=role).user)
    assert client.get(URL).status_code == 404


def test_the_manager_sees_the_page(client):
    client.force_login(ShopMemberFactory(role=Role.MANAGER).user)
    page = client.get(URL).content.decode()
    assert "可结算" in page and "保证金" in page and "近期没有结算记录" in page
