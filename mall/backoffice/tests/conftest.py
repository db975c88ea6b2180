import pytest

from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory


@pytest.fixture
def owner(db) -> ShopMember:
    return ShopMemberFactory(role=ShopMember.Role.OWNER)


@pytest.fixture
def member_of(owner):
    """A member of the owner's shop with the given role."""

    def make(role: str) -> ShopMember:
        return ShopMemberFactory(shop=owner.shop, role=role)

    return make
