import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from mall.customers.models import User
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db


def test_staff_log_in_at_admin_with_username_and_password(client):
    User.objects.create_superuser("ops", "ops@example.com", "Lujiazui-运营-2026")

    response = client.post(
        reverse("admin:login"),
        {"username": "ops", "password": "Lujiazui-运营-2026", "next": "/admin/"},
    )

    assert response.status_code == 302
    assert SESSION_KEY in client.session
    assert client.get("/admin/").status_code == 200


def test_user_list_searches_by_mobile(admin_client):
    ShopperFactory(mobile="13800138000", nickname="外滩小王")
    ShopperFactory(mobile="13900139000", nickname="静安小李")

    response = admin_client.get(reverse("admin:customers_user_changelist"), {"q": "1380013"})

    assert response.status_code == 200
    assert "外滩小王" in response.text
    assert "静安小李" not in response.text


def test_user_change_page_edits_the_mobile(admin_client):
    shopper = ShopperFactory(mobile="13800138000")
    url = reverse("admin:customers_user_change", args=[shopper.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url, {"username": shopper.username, "mobile": "13600136000", "is_active": "on"}
    )

    assert 'value="13800138000"' in page.text
    assert response.status_code == 302
    shopper.refresh_from_db()
    assert shopper.mobile == "13600136000"


def test_admin_adds_a_user_with_a_mobile(admin_client):
    response = admin_client.post(
        reverse("admin:customers_user_add"),
        {
            "username": "kefu01",
            "mobile": "13700137000",
            "usable_password": "true",
            "password1": "Hongkou-客服-2026",
            "password2": "Hongkou-客服-2026",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="kefu01")
    assert user.mobile == "13700137000"
    assert user.check_password("Hongkou-客服-2026")


def test_admin_refuses_a_malformed_mobile_and_stores_blank_as_none(admin_client):
    bad = admin_client.post(
        reverse("admin:customers_user_add"),
        {"username": "kefu02", "mobile": "12345", "usable_password": "false"},
    )
    blank = admin_client.post(
        reverse("admin:customers_user_add"),
        {"username": "kefu03", "mobile": "", "usable_password": "false"},
    )

    assert bad.status_code == 200
    assert "请输入正确的手机号码" in bad.text
    assert blank.status_code == 302
    assert User.objects.get(username="kefu03").mobile is None
