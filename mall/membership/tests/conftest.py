import pytest

from mall.catalog.tests.factories import ProductFactory
from mall.membership.models import CustomerGroup, MemberLevel
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory

LEVELS = ((0, "普通会员", 0), (1, "银卡会员", 100_000), (2, "金卡会员", 500_000),
          (3, "钻石会员", 2_000_000))  # fmt: skip
GROUPS = (("agent", "代理商"), ("wholesaler", "批发商"), ("dealer", "经销商"), ("retail", "零售"))


@pytest.fixture
def levels(db) -> dict[int, MemberLevel]:
    return {
        rank: MemberLevel.objects.create(rank=rank, name=name, threshold=threshold)
        for rank, name, threshold in LEVELS
    }


@pytest.fixture
def groups(db) -> dict[str, CustomerGroup]:
    return {code: CustomerGroup.objects.create(code=code, name=name) for code, name in GROUPS}


@pytest.fixture
def sku(db):
    """A SKU listed at ¥100.00."""
    return ProductFactory(skus=[(["红色"], 10_000, 50)], skus__spec_names=["颜色"]).skus.get()


@pytest.fixture
def owner(sku) -> ShopMember:
    return ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.OWNER)
