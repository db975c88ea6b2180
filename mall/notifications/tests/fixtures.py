"""Fixtures both apps' tests use: a frozen clock and a recording SMS backend."""

from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest

from mall.notifications.backends import SmsMessage

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock(time_machine):
    """Frozen at 10:00:00 Shanghai time, the start of a login-lockout window."""
    time_machine.move_to(datetime(2026, 11, 26, 10, 0, 0, tzinfo=SHANGHAI), tick=False)
    return time_machine


class RecordingSmsBackend:
    """settings.SMS_BACKEND for tests: records what it sends, fails on demand."""

    sent: ClassVar[list[SmsMessage]] = []
    failures_left: ClassVar[int] = 0

    def send(self, message: SmsMessage) -> None:
        if RecordingSmsBackend.failures_left:
            RecordingSmsBackend.failures_left -= 1
            raise ConnectionError("短信网关超时")
        RecordingSmsBackend.sent.append(message)


@pytest.fixture
def sms_backend(settings):
    """The recording backend, empty and healthy; set `failures_left` to make it fail."""
    settings.SMS_BACKEND = "mall.notifications.tests.fixtures.RecordingSmsBackend"
    RecordingSmsBackend.sent = []
    RecordingSmsBackend.failures_left = 0
    yield RecordingSmsBackend
    RecordingSmsBackend.sent = []
    RecordingSmsBackend.failures_left = 0
