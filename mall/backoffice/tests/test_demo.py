import pytest

from mall.backoffice.demo import STAFF, seed_demo_data
from mall.backoffice.models import ShopProfile
from mall.catalog.demo import shops as demo_shops
from mall.merchants.demo import SELLER_PASSWORD, ensure_shop_owners
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


def test_demo_shops_get_profiles_and_the_demo_sellers_shop_a_team():
    shops = [ShopFactory(slug=demo.slug, name=demo.name) for demo in demo_shops.SHOPS[:2]]
    ensure_shop_owners(shops)
    counts = seed_demo_data(2026)
    assert counts == {"店铺资料": 2, "店铺员工（新建）": len(STAFF)}
    team = ShopMember.objects.filter(shop=shops[0]).exclude(role=ShopMember.Role.OWNER)
    assert sorted(team.values_list("role", flat=True)) == sorted(role for _m, role in STAFF)
    assert all(member.user.check_password(SELLER_PASSWORD) for member in team)
    assert ShopProfile.objects.get(shop=shops[1]).service_hours
    assert seed_demo_data(2026)["店铺员工（新建）"] == 0


def test_without_the_demo_seller_there_is_no_team():
    ShopFactory(slug=demo_shops.SHOPS[0].slug)
    assert seed_demo_data(1)["店铺员工（新建）"] == 0
