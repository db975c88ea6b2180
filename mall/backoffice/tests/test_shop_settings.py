from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mall.backoffice.models import ShopProfile
from mall.backoffice.tests.factories import image_upload
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:shop")
Role = ShopMember.Role
FORM = {
    "intro": "百年老字号，专注苏式糕点。",
    "service_hours": "每天 09:00–21:00",
    "service_phone": "021-6321 0000",
    "announcement": "双十二全场包邮",
}


@pytest.fixture
def manager_client(client, member_of):
    client.force_login(member_of(Role.MANAGER).user)
    return client


def test_a_manager_saves_the_profile_logo_and_banner(manager_client, owner):
    data = {**FORM, "logo": image_upload("logo.png"), "banner": image_upload("b.png", (800, 200))}
    with mock.patch("mall.backoffice.services.shop_changed") as changed:
        response = manager_client.post(URL, data)
    assert response.status_code == 302
    shop = owner.shop
    shop.refresh_from_db()
    assert shop.intro == FORM["intro"] and shop.logo.name and shop.banner.name
    profile = ShopProfile.objects.get(shop=shop)
    assert (profile.service_hours, profile.service_phone) == ("每天 09:00–21:00", "021-6321 0000")
    changed.assert_called_once()
    page = manager_client.get(URL).content.decode()
    assert "双十二全场包邮" in page and shop.logo.url in page


def test_saving_without_files_keeps_the_current_images(manager_client, owner):
    manager_client.post(URL, {**FORM, "logo": image_upload()})
    owner.shop.refresh_from_db()
    logo = owner.shop.logo.name
    manager_client.post(URL, {**FORM, "intro": "新的简介"})
    owner.shop.refresh_from_db()
    assert owner.shop.logo.name == logo and owner.shop.intro == "新的简介"


@pytest.mark.parametrize(
    ("upload", "message"),
    [(SimpleUploadedFile("logo.png", b"not an image", "image/png"), "无法识别的图片文件"),
     (SimpleUploadedFile("logo.pdf", b"%PDF-1.4 ...", "application/pdf"), "无法识别的图片文件"),
     (SimpleUploadedFile("big.png", b"0" * (10 * 1024 * 1024 + 1), "image/png"),
      "图片不能超过 10 MB")],
)  # fmt: skip
def test_a_bad_logo_is_refused_and_nothing_is_written(manager_client, owner, upload, message):
    response = manager_client.post(URL, {**FORM, "logo": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and FORM["announcement"] in page  # the form keeps what was typed
    owner.shop.refresh_from_db()
    assert owner.shop.intro == "" and not owner.shop.logo
    assert not ShopProfile.objects.exists()


def test_a_bad_phone_number_is_refused(manager_client):
    response = manager_client.post(URL, {**FORM, "service_phone": "call me"})
    assert response.status_code == 400
    assert "请输入正确的电话号码" in response.content.decode()
    assert not ShopProfile.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.SERVICE, Role.SHIPPING])
def test_roles_that_may_not_edit_the_shop_get_404(client, member_of, owner, role):
    client.force_login(member_of(role).user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, FORM).status_code == 404
    owner.shop.refresh_from_db()
    assert owner.shop.intro == ""


def test_a_member_edits_only_their_own_shop(client, owner):
    other = ShopMemberFactory()
    client.force_login(other.user)
    client.post(URL, FORM)
    owner.shop.refresh_from_db()
    other.shop.refresh_from_db()
    assert owner.shop.intro == "" and other.shop.intro == FORM["intro"]


def test_the_storefront_shop_page_shows_the_service_details(
    manager_client, owner, django_capture_on_commit_callbacks
):
    storefront = reverse("storefront:shop", args=[owner.shop.slug])
    assert "客服时间" not in manager_client.get(storefront).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(URL, FORM)
    page = manager_client.get(storefront).content.decode()
    assert "每天 09:00–21:00" in page and 'href="tel:021-63210000"' in page
    assert "双十二全场包邮" in page
