import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from mall.customers import selectors, services
from mall.customers.errors import AddressError
from mall.customers.models import Address
from mall.customers.services import MAX_ADDRESSES, AddressInput
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db
HUANGPU = "310101"


def home(**overrides) -> AddressInput:
    values = {
        "consignee": "张三",
        "mobile": "+86 138-0013-8000",
        "region_code": HUANGPU,
        "detail": "南京东路 100 号 3 楼",
        **overrides,
    }
    return AddressInput(**values)


def defaults(user) -> list[int]:
    return list(Address.objects.filter(user=user, is_default=True).values_list("pk", flat=True))


def test_first_address_is_the_default_with_normalised_mobile_and_region_names():
    user = ShopperFactory()
    address = services.create_address(user, home())
    assert address.is_default
    assert address.mobile == "13800138000"
    assert address.region_names == "上海市 上海市 黄浦区"
    assert address.snapshot() == {
        "consignee": "张三",
        "mobile": "13800138000",
        "region_code": HUANGPU,
        "region_names": "上海市 上海市 黄浦区",
        "detail": "南京东路 100 号 3 楼",
    }
    assert selectors.default_address(user) == address


def test_a_new_default_replaces_the_old_one():
    user = ShopperFactory()
    first = services.create_address(user, home())
    second = services.create_address(user, home(detail="淮海中路 1 号"))
    assert defaults(user) == [first.pk]
    third = services.create_address(user, home(detail="长乐路 8 号", is_default=True))
    assert defaults(user) == [third.pk]
    services.set_default_address(user, second.pk)
    assert defaults(user) == [second.pk]
    assert selectors.addresses_of(user).first() == second


def test_unticking_default_keeps_exactly_one_default():
    user = ShopperFactory()
    only = services.create_address(user, home(is_default=True))
    services.update_address(user, only.pk, home(detail="改过的地址 1 号", is_default=False))
    assert defaults(user) == [only.pk]


def test_deleting_the_default_promotes_another():
    user = ShopperFactory()
    first = services.create_address(user, home())
    second = services.create_address(user, home(detail="淮海中路 1 号"))
    services.delete_address(user, first.pk)
    assert defaults(user) == [second.pk]
    services.delete_address(user, second.pk)
    assert selectors.default_address(user) is None


def test_database_refuses_a_second_default():
    user = ShopperFactory()
    services.create_address(user, home())
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(
            user=user, is_default=True, consignee="李四", mobile="13900139000", region_code=HUANGPU
        )


def test_at_most_twenty_addresses_with_a_chinese_message():
    user = ShopperFactory()
    for n in range(MAX_ADDRESSES):
        services.create_address(user, home(detail=f"南京东路 {n} 号"))
    with pytest.raises(AddressError, match="最多只能保存 20 个收货地址"):
        services.create_address(user, home())
    assert Address.objects.filter(user=user).count() == MAX_ADDRESSES
    services.create_address(ShopperFactory(), home())  # the limit is per user


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consignee": "  "}, "consignee", "请填写收货人姓名"),
        ({"consignee": "张" * 33}, "consignee", "请填写收货人姓名"),
        ({"mobile": "12345678901"}, "mobile", "请输入正确的手机号码"),
        ({"mobile": "021-63211234"}, "mobile", "请输入正确的手机号码"),
        ({"region_code": "310000"}, "region_code", "请选择完整的省、市、区县"),
        ({"region_code": "310100"}, "region_code", "请选择完整的省、市、区县"),
        ({"region_code": "999999"}, "region_code", "请选择完整的省、市、区县"),
        ({"detail": "1"}, "detail", "请填写详细地址"),
        ({"detail": "路" * 121}, "detail", "请填写详细地址"),
    ],
)
def test_invalid_addresses_are_refused_and_nothing_is_written(overrides, field, message):
    user = ShopperFactory()
    with pytest.raises(AddressError, match=message) as error:
        services.create_address(user, home(**overrides))
    assert error.value.field == field
    assert not Address.objects.exists()


def test_county_level_city_and_city_without_districts_are_valid_regions():
    user = ShopperFactory()
    kunshan = services.create_address(user, home(region_code="320583"))
    dongguan = services.create_address(user, home(region_code="441900"))
    assert kunshan.region_names == "江苏省 苏州市 昆山市"
    assert dongguan.region_names == "广东省 东莞市"


def test_another_users_address_is_404_for_every_use_case():
    owner, other = ShopperFactory(), ShopperFactory()
    address = services.create_address(owner, home())
    for attempt in (
        lambda: selectors.get_address(other, address.pk),
        lambda: services.update_address(other, address.pk, home(detail="被改了 1 号")),
        lambda: services.set_default_address(other, address.pk),
        lambda: services.delete_address(other, address.pk),
    ):
        with pytest.raises(Http404):
            attempt()
    address.refresh_from_db()
    assert address.detail == "南京东路 100 号 3 楼"


class TestAddressBookInvariant(TestCase):
    """Whatever the sequence of writes: at most 20 addresses, exactly one default when any."""

    @settings(max_examples=30, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["create", "default", "delete", "update"]),
                st.integers(0, 25),
                st.booleans(),
            ),
            max_size=30,
        )
    )
    def test_exactly_one_default(self, steps):
        user = ShopperFactory()
        for action, index, flag in steps:
            ids = list(
                Address.objects.filter(user=user).order_by("pk").values_list("pk", flat=True)
            )
            target = ids[index % len(ids)] if ids else None
            try:
                if action == "create":
                    services.create_address(user, home(is_default=flag))
                elif target and action == "default":
                    services.set_default_address(user, target)
                elif target and action == "delete":
                    services.delete_address(user, target)
                elif target:
                    services.update_address(user, target, home(is_default=flag))
            except AddressError:
                assert len(ids) == MAX_ADDRESSES
            count = Address.objects.filter(user=user).count()
            assert count <= MAX_ADDRESSES
            assert len(defaults(user)) == (1 if count else 0)
