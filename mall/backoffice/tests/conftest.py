import pytest
from django.utils import translation

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


@pytest.fixture(autouse=True)
def _chinese_unless_asked():
    """Messages are asserted in Chinese; a request in English must not leak into the next test
    (the locale middleware leaves the thread's language activated)."""
    with translation.override("zh-hans"):
        yield
