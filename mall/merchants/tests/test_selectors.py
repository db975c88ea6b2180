import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop, ShopMember
from mall.merchants.permissions import Perm
from mall.merchants.selectors import membership_of, require_membership
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db


def test_a_member_is_found_with_the_shop():
    member = ShopMemberFactory(role=ShopMember.Role.SHIPPING)
    assert membership_of(member.user) == member
    assert require_membership(member.user, Perm.SHIP_ORDERS).shop == member.shop


def test_shoppers_anonymous_users_and_closed_shops_have_no_membership():
    closed = ShopMemberFactory(shop__status=Shop.Status.CLOSED)
    for user in (ShopperFactory(), AnonymousUser(), closed.user):
        assert membership_of(user) is None
        with pytest.raises(Http404):
            require_membership(user)


def test_a_role_without_the_permission_is_refused_as_not_found():
    member = ShopMemberFactory(role=ShopMember.Role.SERVICE)
    with pytest.raises(Http404):
        require_membership(member.user, Perm.EDIT_PRICES)
