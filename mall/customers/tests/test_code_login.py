from datetime import timedelta

import pytest
from django.utils import timezone

from mall.customers import services
from mall.customers.errors import AccountDisabled, ConsentRequired, LoginFailed, LoginLocked
from mall.customers.models import User
from mall.customers.tests.conftest import PHONE, send_code, wrong
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db


def test_the_first_code_login_registers_the_number(clock):
    code = send_code()

    user = services.login_with_code(PHONE, code, consent=True)

    assert user.mobile == PHONE
    assert not user.has_usable_password()
    assert user.privacy_consented_at == timezone.now()
    assert User.objects.count() == 1


def test_later_code_logins_find_the_same_account(clock):
    first = services.login_with_code(PHONE, send_code(), consent=True)
    clock.shift(timedelta(minutes=1))

    again = services.login_with_code(PHONE, send_code(), consent=False)

    assert again == first
    assert User.objects.count() == 1


def test_registration_needs_consent_and_keeps_the_code_usable(clock):
    code = send_code()

    with pytest.raises(ConsentRequired, match="隐私政策"):
        services.login_with_code(PHONE, code, consent=False)

    assert not User.objects.exists()
    assert services.login_with_code(PHONE, code, consent=True).mobile == PHONE


def test_an_existing_shopper_needs_no_new_consent(clock):
    shopper = ShopperFactory(mobile=PHONE)

    assert services.login_with_code(PHONE, send_code(), consent=False) == shopper


def test_a_code_works_once(clock):
    code = send_code()
    services.login_with_code(PHONE, code, consent=True)

    with pytest.raises(LoginFailed, match="验证码已失效"):
        services.login_with_code(PHONE, code, consent=True)


def test_a_new_code_retires_the_old_one(clock):
    old = send_code()
    clock.shift(timedelta(seconds=60))
    new = send_code()

    with pytest.raises(LoginFailed, match="验证码错误"):
        services.login_with_code(PHONE, old, consent=True)
    assert services.login_with_code(PHONE, new, consent=True).mobile == PHONE


def test_a_code_is_valid_for_five_minutes(clock):
    code = send_code()
    clock.shift(timedelta(minutes=4, seconds=59))

    assert services.login_with_code(PHONE, code, consent=True).mobile == PHONE


def test_an_expired_code_is_refused(clock):
    code = send_code()
    clock.shift(timedelta(minutes=5))

    with pytest.raises(LoginFailed, match="验证码已过期"):
        services.login_with_code(PHONE, code, consent=True)


def test_without_a_code_there_is_nothing_to_check(clock):
    with pytest.raises(LoginFailed, match="请先获取验证码"):
        services.login_with_code(PHONE, "123456", consent=True)


def test_a_wrong_code_says_how_many_tries_are_left(clock):
    code = send_code()

    with pytest.raises(LoginFailed, match="还可以尝试 4 次"):
        services.login_with_code(PHONE, wrong(code), consent=True)


def test_five_wrong_tries_burn_the_code(clock):
    clock.shift(timedelta(minutes=14))  # 10:14, one minute before a new lockout window
    code = send_code()
    for _ in range(4):
        with pytest.raises(LoginFailed):
            services.login_with_code(PHONE, wrong(code), consent=True)
    clock.shift(timedelta(minutes=1))  # 10:15: the lockout count starts again, the code is alive
    with pytest.raises(LoginFailed, match="错误次数过多"):
        services.login_with_code(PHONE, wrong(code), consent=True)

    with pytest.raises(LoginFailed, match="错误次数过多"):
        services.login_with_code(PHONE, code, consent=True)

    assert services.login_with_code(PHONE, send_code(), consent=True).mobile == PHONE


def test_five_failed_code_logins_lock_the_account_for_the_window(clock):
    code = send_code()
    for _ in range(5):
        with pytest.raises(LoginFailed):
            services.login_with_code(PHONE, wrong(code), consent=True)
    clock.shift(timedelta(minutes=1))
    fresh = send_code()

    with pytest.raises(LoginLocked, match="请 14 分钟后再试") as locked:
        services.login_with_code(PHONE, fresh, consent=True)

    assert locked.value.retry_after == 14 * 60
    clock.shift(timedelta(minutes=14))
    assert services.login_with_code(PHONE, send_code(), consent=True).mobile == PHONE


def test_a_disabled_account_cannot_log_in(clock):
    ShopperFactory(mobile=PHONE, is_active=False)

    with pytest.raises(AccountDisabled):
        services.login_with_code(PHONE, send_code(), consent=True)


def test_a_staff_username_that_looks_like_the_number_does_not_block_registration(clock):
    ShopperFactory(username=PHONE, mobile=None)

    user = services.login_with_code(PHONE, send_code(), consent=True)

    assert user.mobile == PHONE
    assert user.username != PHONE
