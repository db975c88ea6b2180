import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from mall.customers import services
from mall.notifications.models import OutboxMessage
from mall.notifications.tests.fixtures import clock, sms_backend  # noqa: F401

PHONE = "13800138000"
IP = "203.0.113.5"


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2, with costs low enough for tests (production keeps Django's defaults)."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["mall.customers.tests.conftest.QuickArgon2PasswordHasher"]


def last_code(mobile: str = PHONE) -> str:
    """The code as the shopper receives it: from the SMS queued for the number."""
    return OutboxMessage.objects.filter(recipient=mobile).latest("pk").params["code"]


def send_code(mobile: str = PHONE, ip: str = IP) -> str:
    services.send_login_code(mobile, client_ip=ip)
    return last_code(mobile)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"
