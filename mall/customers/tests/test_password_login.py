from datetime import timedelta

import pytest

from mall import settings as project_settings
from mall.customers import services
from mall.customers.errors import LoginFailed, LoginLocked
from mall.customers.tests.conftest import PHONE, send_code, wrong
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Huangpu-江边-2026"


@pytest.fixture
def shopper():
    return ShopperFactory(mobile=PHONE, password=PASSWORD)


def fail_password(times: int, mobile: str = PHONE) -> None:
    for _ in range(times):
        with pytest.raises(LoginFailed, match="手机号或密码错误"):
            services.login_with_password(mobile, "not-the-password")


def test_a_shopper_logs_in_with_number_and_password(shopper):
    assert services.login_with_password("138 0013 8000", PASSWORD) == shopper


def test_passwords_are_hashed_with_argon2_by_default(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    shopper = ShopperFactory()

    services.set_password(shopper, PASSWORD)

    shopper.refresh_from_db()
    assert shopper.password.startswith("argon2$argon2id$")
    assert PASSWORD not in shopper.password


def test_wrong_password_and_unknown_number_get_the_same_answer(shopper):
    fail_password(1)
    fail_password(1, mobile="13900139000")


def test_an_account_registered_by_sms_has_no_password_to_guess(clock):
    ShopperFactory(mobile=PHONE)

    fail_password(1)
    with pytest.raises(LoginFailed):
        services.login_with_password(PHONE, "")


def test_five_failures_lock_the_account_for_the_rest_of_the_window(shopper, clock):
    clock.shift(timedelta(minutes=5))  # 10:05; the window runs to 10:15
    fail_password(5)

    with pytest.raises(LoginLocked, match="请 10 分钟后再试"):
        services.login_with_password(PHONE, PASSWORD)
    with pytest.raises(LoginLocked):
        services.login_with_code(PHONE, send_code(), consent=True)

    clock.shift(timedelta(minutes=10))
    assert services.login_with_password(PHONE, PASSWORD) == shopper


def test_the_lock_is_per_account(shopper, clock):
    other = ShopperFactory(mobile="13900139000", password=PASSWORD)
    fail_password(5)

    assert services.login_with_password("13900139000", PASSWORD) == other


def test_a_success_clears_earlier_failures(shopper, clock):
    fail_password(4)
    services.login_with_password(PHONE, PASSWORD)
    fail_password(4)

    assert services.login_with_password(PHONE, PASSWORD) == shopper


def test_failed_code_logins_count_towards_the_same_lock(shopper, clock):
    fail_password(3)
    code = send_code()
    for _ in range(2):
        with pytest.raises(LoginFailed):
            services.login_with_code(PHONE, wrong(code), consent=True)

    with pytest.raises(LoginLocked):
        services.login_with_password(PHONE, PASSWORD)
