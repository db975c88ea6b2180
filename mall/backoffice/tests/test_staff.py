import pytest
from django.urls import reverse

from mall.customers.models import User
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.notifications.backends import SmsMessage
from mall.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:staff")
Role = ShopMember.Role


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner.user)
    return client


def test_the_owner_invites_a_new_mobile_as_customer_service(owner_client, owner):
    response = owner_client.post(URL, {"mobile": "138 0013 8000", "role": Role.SERVICE})
    assert response.status_code == 302
    member = ShopMember.objects.get(user__mobile="13800138000")
    assert (member.shop, member.role) == (owner.shop, Role.SERVICE)
    sms = OutboxMessage.objects.get(template="STAFF_INVITED")
    assert sms.recipient == "13800138000"
    text = SmsMessage(sms.key, sms.recipient, sms.template, sms.params).text()
    assert owner.shop.name in text and "客服" in text
    page = owner_client.get(URL).content.decode()
    assert "138****8000" in page or "13800138000" in page


def test_an_existing_shopper_is_invited_with_their_account(owner_client):
    shopper = ShopperFactory(mobile="13700137000")
    owner_client.post(URL, {"mobile": "13700137000", "role": Role.SHIPPING})
    assert ShopMember.objects.get(user=shopper).role == Role.SHIPPING
    assert User.objects.filter(mobile="13700137000").count() == 1


def test_someone_working_for_another_shop_is_refused_clearly(owner_client, owner):
    elsewhere = ShopMemberFactory(role=Role.SERVICE)
    response = owner_client.post(URL, {"mobile": elsewhere.user.mobile, "role": Role.MANAGER})
    assert response.status_code == 400
    assert "已在其他店铺任职" in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.shop != owner.shop and elsewhere.role == Role.SERVICE
    assert not OutboxMessage.objects.exists()


def test_inviting_a_member_twice_says_they_are_already_here(owner_client, member_of):
    staff = member_of(Role.SERVICE)
    response = owner_client.post(URL, {"mobile": staff.user.mobile, "role": Role.MANAGER})
    assert "已是本店员工" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.SERVICE


@pytest.mark.parametrize(
    ("data", "message"),
    [({"mobile": "12345", "role": Role.SERVICE}, "请输入正确的手机号码"),
     ({"mobile": "13800138000", "role": "owner"}, "请选择店长、运营、客服或发货中的一个角色"),
     ({"mobile": "13800138000", "role": "boss"}, "请选择店长、运营、客服或发货中的一个角色"),
     ({"mobile": "", "role": Role.SERVICE}, "这个字段是必填项")],
)  # fmt: skip
def test_bad_invitations_get_a_message_and_write_nothing(owner_client, data, message):
    response = owner_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ShopMember.objects.count() == 1
    assert not User.objects.filter(mobile="13800138000").exists()
    assert not OutboxMessage.objects.exists()


def test_the_owner_changes_a_role_and_removes_staff(owner_client, member_of):
    staff = member_of(Role.SERVICE)
    owner_client.post(reverse("backoffice:staff_role", args=[staff.pk]), {"role": Role.MANAGER})
    staff.refresh_from_db()
    assert staff.role == Role.MANAGER
    owner_client.post(reverse("backoffice:staff_remove", args=[staff.pk]))
    assert not ShopMember.objects.filter(pk=staff.pk).exists()
    assert User.objects.filter(pk=staff.user_id).exists()  # the account stays, as a shopper


def test_an_unknown_role_change_is_refused(owner_client, member_of):
    staff = member_of(Role.SERVICE)
    response = owner_client.post(
        reverse("backoffice:staff_role", args=[staff.pk]), {"role": "owner"}, follow=True
    )
    assert "请选择店长、运营、客服或发货中的一个角色" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.SERVICE


def test_the_owner_can_neither_remove_nor_demote_themself(owner_client, owner):
    removed = owner_client.post(reverse("backoffice:staff_remove", args=[owner.pk]), follow=True)
    assert "店主不能被移除或更改角色" in removed.content.decode()
    owner_client.post(reverse("backoffice:staff_role", args=[owner.pk]), {"role": Role.SERVICE})
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_another_shops_staff_are_not_found(owner_client):
    stranger = ShopMemberFactory(role=Role.SERVICE)
    for name, data in (("staff_role", {"role": Role.MANAGER}), ("staff_remove", {})):
        response = owner_client.post(reverse(f"backoffice:{name}", args=[stranger.pk]), data)
        assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == Role.SERVICE


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OPERATIONS, Role.SERVICE, Role.SHIPPING])
def test_only_the_owner_reaches_the_staff_pages(client, member_of, role):
    staff = member_of(role)
    other = member_of(Role.SHIPPING)
    client.force_login(staff.user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"mobile": "13800138000", "role": Role.MANAGER}).status_code == 404
    role_url = reverse("backoffice:staff_role", args=[other.pk])
    assert client.post(role_url, {"role": Role.MANAGER}).status_code == 404
    assert client.post(reverse("backoffice:staff_remove", args=[other.pk])).status_code == 404
    assert ShopMember.objects.filter(pk=other.pk, role=Role.SHIPPING).exists()
    assert not User.objects.filter(mobile="13800138000").exists()
