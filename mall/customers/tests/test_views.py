from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from mall.customers.models import SmsCode, User
from mall.customers.tests.conftest import PHONE, last_code, wrong
from mall.customers.tests.factories import ShopperFactory
from mall.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
LOGIN = reverse("customers:login")
SEND = reverse("customers:send_code")
PROFILE = reverse("customers:profile")
JSON = {"HTTP_ACCEPT": "application/json"}


def request_code(client, mobile: str = PHONE, **extra):
    return client.post(SEND, {"mobile": mobile}, **{**JSON, **extra})


def code_login(client, code: str, *, consent: bool = True, next_url: str = ""):
    data = {"method": "sms", "mobile": PHONE, "code": code, "next": next_url}
    if consent:
        data["consent"] = "1"
    return client.post(LOGIN, data)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_login_page_offers_both_ways_and_an_unticked_consent_box(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    page = response.text
    assert "短信验证码登录" in page and "密码登录" in page
    assert "获取验证码" in page
    assert 'name="consent" value="1">' in page  # present, not checked
    assert 'name="consent" value="1" checked' not in page


def test_password_tab_shows_the_password_form(client):
    response = client.get(LOGIN, {"tab": "password"})

    assert 'name="password"' in response.text
    assert 'name="code"' not in response.text


def test_send_endpoint_answers_json_and_queues_the_sms(client, clock):
    response = request_code(client)

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "验证码已发送，5 分钟内有效",
        "retry_after": 60,
    }
    assert OutboxMessage.objects.get().recipient == PHONE


def test_send_endpoint_refuses_a_second_code_within_the_minute_with_429(client, clock):
    request_code(client)
    clock.shift(timedelta(seconds=20))

    response = request_code(client)

    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    body = response.json()
    assert body["ok"] is False and body["retry_after"] == 40
    assert "请 40 秒后再试" in body["message"]


def test_send_endpoint_refuses_a_bad_number_with_400(client):
    response = request_code(client, mobile="12345")

    assert response.status_code == 400
    assert response.json()["message"] == "请输入正确的手机号码"
    assert not SmsCode.objects.exists()


def test_send_endpoint_is_post_only(client):
    assert client.get(SEND).status_code == 405


def test_send_endpoint_enforces_csrf(clock):
    client = Client(enforce_csrf_checks=True)

    refused = request_code(client)

    assert refused.status_code == 403
    assert not OutboxMessage.objects.exists()
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    accepted = request_code(client, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
    assert OutboxMessage.objects.count() == 1


def test_without_javascript_the_send_button_returns_the_page_with_a_countdown(client, clock):
    response = client.post(SEND, {"mobile": PHONE, "code": "", "method": "sms"})

    assert response.status_code == 200
    assert "验证码已发送" in response.text
    assert 'data-countdown="60"' in response.text
    assert f'value="{PHONE}"' in response.text


def test_code_login_registers_signs_in_and_follows_next(client, clock):
    request_code(client)

    response = code_login(client, last_code(), next_url="/search/?q=%E8%8C%B6")

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%E8%8C%B6"
    assert logged_in(client)
    assert User.objects.get().mobile == PHONE


def test_next_pointing_elsewhere_is_ignored(client, clock):
    request_code(client)

    response = code_login(client, last_code(), next_url="https://evil.example/")

    assert response["Location"] == reverse("storefront:home")


def test_consent_is_required_to_register(client, clock):
    request_code(client)

    response = code_login(client, last_code(), consent=False)

    assert response.status_code == 400
    assert "请先阅读并同意《隐私政策》" in response.text
    assert not User.objects.exists()
    assert not logged_in(client)


def test_a_wrong_code_re_renders_the_form_with_a_message(client, clock):
    request_code(client)

    response = code_login(client, wrong(last_code()))

    assert response.status_code == 400
    assert "验证码错误，还可以尝试 4 次" in response.text
    assert not logged_in(client)


def test_malformed_input_re_renders_the_form(client):
    response = client.post(LOGIN, {"method": "sms", "mobile": "abc", "code": "12"})

    assert response.status_code == 400
    assert "请输入正确的手机号码" in response.text
    assert "请输入 6 位数字验证码" in response.text


def test_a_locked_account_gets_429(client, clock):
    ShopperFactory(mobile=PHONE, password="Huangpu-江边-2026")
    for _ in range(5):
        client.post(LOGIN, {"method": "password", "mobile": PHONE, "password": "nope"})

    response = client.post(
        LOGIN, {"method": "password", "mobile": PHONE, "password": "Huangpu-江边-2026"}
    )

    assert response.status_code == 429
    assert "登录失败次数过多" in response.text
    assert not logged_in(client)


def test_password_login_signs_in(client):
    ShopperFactory(mobile=PHONE, password="Huangpu-江边-2026")

    response = client.post(
        LOGIN, {"method": "password", "mobile": PHONE, "password": "Huangpu-江边-2026"}
    )

    assert response.status_code == 302
    assert logged_in(client)


def test_a_signed_in_shopper_is_sent_on_from_the_login_page(client):
    client.force_login(ShopperFactory())

    assert client.get(LOGIN).status_code == 302


def test_logout_is_post_only(client):
    client.force_login(ShopperFactory())

    assert client.get(reverse("customers:logout")).status_code == 405
    assert logged_in(client)
    response = client.post(reverse("customers:logout"))
    assert response.status_code == 302
    assert not logged_in(client)


def test_profile_needs_login(client):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={PROFILE}"


def test_profile_shows_the_masked_number(client):
    client.force_login(ShopperFactory(mobile=PHONE))

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert "138****8000" in response.text
    assert PHONE not in response.text
    assert "设置密码" in response.text


def test_profile_leads_to_the_shoppers_coupons_and_membership(client):
    client.force_login(ShopperFactory(mobile=PHONE))

    page = client.get(PROFILE).text

    for url in ("/account/coupons/", "/account/membership/", "/coupons/"):
        assert f'href="{url}"' in page


def test_nickname_is_saved_and_escaped(client):
    shopper = ShopperFactory()
    client.force_login(shopper)

    response = client.post(PROFILE, {"nickname": "<b>小王</b>"}, follow=True)

    shopper.refresh_from_db()
    assert shopper.nickname == "<b>小王</b>"
    assert "&lt;b&gt;小王&lt;/b&gt;" in response.text
    assert "<b>小王</b>" not in response.text


def test_an_overlong_nickname_re_renders_the_profile(client):
    client.force_login(ShopperFactory())

    response = client.post(PROFILE, {"nickname": "长" * 40})

    assert response.status_code == 400


def test_setting_a_password_keeps_the_session_and_enables_password_login(client):
    shopper = ShopperFactory(mobile=PHONE)
    client.force_login(shopper)

    response = client.post(
        reverse("customers:password"),
        {"new_password": "Xuhui-梧桐-88", "new_password_again": "Xuhui-梧桐-88"},
    )

    assert response.status_code == 302
    assert logged_in(client)
    assert "修改密码" in client.get(PROFILE).text
    client.logout()
    client.post(LOGIN, {"method": "password", "mobile": PHONE, "password": "Xuhui-梧桐-88"})
    assert logged_in(client)


def test_password_mismatch_and_weak_passwords_are_explained(client):
    client.force_login(ShopperFactory())

    mismatch = client.post(
        reverse("customers:password"),
        {"new_password": "Xuhui-梧桐-88", "new_password_again": "Xuhui-梧桐-89"},
    )
    weak = client.post(
        reverse("customers:password"), {"new_password": "123", "new_password_again": "123"}
    )

    assert mismatch.status_code == weak.status_code == 400
    assert "两次输入的密码不一致" in mismatch.text
    assert "密码太短，至少需要 8 个字符。" in weak.text
    assert "这个密码太常见了。" in weak.text


def test_privacy_policy_page(client):
    response = client.get(reverse("customers:privacy"))

    assert response.status_code == 200
    assert "个人信息保护法" in response.text
