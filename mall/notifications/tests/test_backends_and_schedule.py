import logging

import pytest
from django.core.management import call_command

from mall.celery import app
from mall.notifications import services
from mall.notifications.backends import LogSmsBackend, SmsMessage, get_sms_backend
from mall.notifications.tasks import deliver_outbox


def test_development_backend_is_the_default_and_logs_the_code(settings, caplog):
    assert isinstance(get_sms_backend(), LogSmsBackend)
    message = SmsMessage(
        "login-code:9", "13800138000", "LOGIN_CODE", {"code": "135790", "minutes": 5}
    )

    with caplog.at_level(logging.INFO, logger="mall.notifications.sms"):
        get_sms_backend().send(message)

    assert "13800138000" in caplog.text
    assert "您的验证码是135790，5分钟内有效" in caplog.text


def test_beat_runs_delivery_every_configured_interval(settings):
    entry = app.conf.beat_schedule["deliver-outbox"]

    assert entry["task"] == deliver_outbox.name
    assert entry["schedule"] == settings.OUTBOX_DELIVERY_INTERVAL_SECONDS


@pytest.mark.django_db
def test_deliver_outbox_command_reports_what_it_did(sms_backend, capsys):
    services.enqueue_sms(key="a", phone="13800138000", template="LOGIN_CODE", params={"code": "1"})
    sms_backend.failures_left = 1
    services.enqueue_sms(key="b", phone="13900139000", template="LOGIN_CODE", params={"code": "2"})

    call_command("deliver_outbox")

    assert "已发送 1 条，待重试 1 条，失败 0 条" in capsys.readouterr().out
