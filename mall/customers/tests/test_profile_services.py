import pytest

from mall.customers import services
from mall.customers.errors import AccountError, LoginFailed, LoginLocked, PasswordRejected
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Huangpu-江边-2026"


def test_a_shopper_registered_by_sms_sets_a_first_password():
    shopper = ShopperFactory()

    services.set_password(shopper, PASSWORD)

    assert services.login_with_password(shopper.mobile, PASSWORD) == shopper


def test_changing_a_password_needs_the_current_one():
    shopper = ShopperFactory(password=PASSWORD)

    with pytest.raises(LoginFailed, match="当前密码不正确"):
        services.set_password(shopper, "Another-pass-77", old_password="guess")
    services.set_password(shopper, "Another-pass-77", old_password=PASSWORD)

    shopper.refresh_from_db()
    assert shopper.check_password("Another-pass-77")


def test_guessing_the_current_password_is_locked_out_too():
    shopper = ShopperFactory(password=PASSWORD)
    for _ in range(5):
        with pytest.raises(LoginFailed):
            services.set_password(shopper, "Another-pass-77", old_password="guess")

    with pytest.raises(LoginLocked):
        services.set_password(shopper, "Another-pass-77", old_password=PASSWORD)


@pytest.mark.parametrize("weak", ["12345678", "password", "abc"])
def test_weak_passwords_are_refused_and_nothing_changes(weak):
    shopper = ShopperFactory()

    with pytest.raises(PasswordRejected):
        services.set_password(shopper, weak)

    shopper.refresh_from_db()
    assert not shopper.has_usable_password()


def test_nickname_whitespace_is_tidied():
    shopper = ShopperFactory()

    services.update_profile(shopper, nickname="  外滩\n 小王 ")

    shopper.refresh_from_db()
    assert shopper.nickname == "外滩 小王"


def test_an_overlong_nickname_is_refused():
    shopper = ShopperFactory(nickname="原来")

    with pytest.raises(AccountError, match="昵称最多 32 个字"):
        services.update_profile(shopper, nickname="长" * 33)

    shopper.refresh_from_db()
    assert shopper.nickname == "原来"
