from datetime import datetime, timedelta

import pytest
from django.db import transaction

from mall.customers import services
from mall.customers.errors import InvalidMobile, RateLimited
from mall.customers.models import SmsCode
from mall.customers.tests.conftest import IP, PHONE, send_code
from mall.notifications.models import OutboxMessage
from mall.notifications.tests.fixtures import SHANGHAI

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_a_code_is_queued_for_delivery_not_sent_inline(sms_backend, clock):
    wait = services.send_login_code(PHONE, client_ip=IP)

    message = OutboxMessage.objects.get()
    assert wait == 60
    assert (message.recipient, message.template, message.status) == (PHONE, "LOGIN_CODE", "pending")
    assert message.params["code"].isdigit() and len(message.params["code"]) == 6
    assert message.params["minutes"] == 5
    assert sms_backend.sent == []


def test_the_code_is_never_stored_in_plain_text(clock):
    code = send_code()

    row = SmsCode.objects.values().get()
    assert all(code not in str(value) for value in row.values())
    assert SmsCode.objects.get().matches(code)


def test_a_failing_transaction_leaves_no_outbox_row_and_no_code(clock):
    with pytest.raises(Boom), transaction.atomic():
        services.send_login_code(PHONE, client_ip=IP)
        raise Boom

    assert not OutboxMessage.objects.exists()
    assert not SmsCode.objects.exists()


def test_when_queueing_fails_no_code_is_left_behind(monkeypatch, clock):
    def refuse(**kwargs):
        raise Boom

    monkeypatch.setattr(services, "enqueue_sms", refuse)

    with pytest.raises(Boom):
        services.send_login_code(PHONE, client_ip=IP)

    assert not SmsCode.objects.exists()


@pytest.mark.parametrize("typed", ["+86 138 0013 8000", "138-0013-8000", "8613800138000"])
def test_numbers_are_normalised(typed, clock):
    services.send_login_code(typed, client_ip=IP)

    assert OutboxMessage.objects.get().recipient == PHONE


@pytest.mark.parametrize("typed", ["", "12800138000", "1380013800", "138001380001", "abc"])
def test_other_numbers_are_refused_and_nothing_is_written(typed, clock):
    with pytest.raises(InvalidMobile, match="请输入正确的手机号码"):
        services.send_login_code(typed, client_ip=IP)

    assert not OutboxMessage.objects.exists()


def test_one_code_per_minute_per_number(clock):
    send_code()
    clock.shift(timedelta(seconds=45))

    with pytest.raises(RateLimited, match="请 15 秒后再试") as refused:
        services.send_login_code(PHONE, client_ip=IP)

    assert refused.value.retry_after == 15
    clock.shift(timedelta(seconds=15))
    send_code()
    assert OutboxMessage.objects.count() == 2


def test_the_minute_is_counted_from_the_last_code_not_the_clock(clock):
    clock.shift(timedelta(seconds=50))  # 10:00:50
    send_code()
    clock.shift(timedelta(seconds=30))  # 10:01:20, a new minute on the clock

    with pytest.raises(RateLimited) as refused:
        services.send_login_code(PHONE, client_ip=IP)

    assert refused.value.retry_after == 30


def test_other_numbers_are_not_held_up(clock):
    send_code()

    send_code("13900139000")

    assert OutboxMessage.objects.count() == 2


def test_ten_codes_a_day_per_number(clock):
    for _ in range(10):
        send_code()
        clock.shift(timedelta(seconds=61))

    with pytest.raises(RateLimited, match="今天获取验证码的次数已达上限"):
        services.send_login_code(PHONE, client_ip=IP)

    assert OutboxMessage.objects.count() == 10
    clock.move_to(datetime(2026, 11, 27, 0, 0, 1, tzinfo=SHANGHAI))  # the next calendar day
    send_code()
    assert OutboxMessage.objects.count() == 11


def test_one_network_cannot_request_codes_for_endless_numbers(clock):
    for n in range(50):
        send_code(f"138{n:08d}")

    with pytest.raises(RateLimited, match="当前网络获取验证码过于频繁"):
        services.send_login_code("13999999999", client_ip=IP)

    send_code("13999999999", ip="198.51.100.7")
    clock.shift(timedelta(hours=1))
    send_code("13988888888")
