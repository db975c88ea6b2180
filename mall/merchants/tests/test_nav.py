import pytest

from mall.merchants import nav
from mall.merchants.models import ShopMember
from mall.merchants.permissions import ROLE_PERMISSIONS, Perm, allows
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db
Role = ShopMember.Role


def labels(member, path="/seller/orders/"):
    return [link.label for link in nav.links_for(member, path)]


def test_each_role_sees_only_the_pages_it_may_open():
    assert {"订单", "运费模板", "结算对账"} <= set(labels(ShopMemberFactory(role=Role.OWNER)))
    shipping = labels(ShopMemberFactory(role=Role.SHIPPING))
    assert "订单" in shipping
    assert "运费模板" not in shipping and "结算对账" not in shipping
    assert labels(None) == []


def test_the_current_page_and_pages_below_it_are_marked_active():
    member = ShopMemberFactory(role=Role.OWNER)
    active = [link.label for link in nav.links_for(member, "/seller/orders/M123/") if link.active]
    assert active == ["订单"]


def test_only_the_owner_manages_staff_and_service_cannot_touch_prices_or_shipping():
    assert [r for r, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_STAFF in perms] == [
        Role.OWNER
    ]
    service = ShopMemberFactory.build(role=Role.SERVICE)
    assert not allows(service, Perm.EDIT_PRICES)
    assert not allows(service, Perm.SHIP_ORDERS)
    assert allows(service, Perm.REFUND)
    assert not allows(None, Perm.VIEW_ORDERS)
