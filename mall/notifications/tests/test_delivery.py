from datetime import timedelta

import pytest
from django.utils import timezone

from mall.notifications import services
from mall.notifications.models import OutboxMessage
from mall.notifications.tasks import deliver_outbox

pytestmark = pytest.mark.django_db


def queue(key: str = "login-code:1", phone: str = "13800138000") -> OutboxMessage:
    return services.enqueue_sms(
        key=key, phone=phone, template="LOGIN_CODE", params={"code": "246810", "minutes": 5}
    )


def test_queued_message_is_sent_once_and_marked_sent(sms_backend, clock):
    queue()

    first = services.deliver_due()
    second = services.deliver_due()

    assert (first.sent, second.sent) == (1, 0)
    [sent] = sms_backend.sent
    assert (sent.phone, sent.template, sent.params["code"]) == (
        "13800138000",
        "LOGIN_CODE",
        "246810",
    )
    assert sent.key == "login-code:1"
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at == timezone.now()
    assert message.attempts == 1


def test_queueing_the_same_key_twice_keeps_one_message(sms_backend):
    queue(key="login-code:7")
    queue(key="login-code:7")

    services.deliver_due()

    assert OutboxMessage.objects.count() == 1
    assert len(sms_backend.sent) == 1


def test_failed_attempts_back_off_exponentially_then_give_up(sms_backend, clock):
    sms_backend.failures_left = 99
    queue()
    started = timezone.now()

    waits = []
    for _ in range(services.MAX_ATTEMPTS - 1):
        report = services.deliver_due()
        assert report.retrying == 1
        message = OutboxMessage.objects.get()
        waits.append((message.next_attempt_at - timezone.now()).total_seconds())
        assert services.deliver_due().retrying == 0  # not due yet: nothing is attempted
        clock.move_to(message.next_attempt_at)

    assert waits == [10, 20, 40, 80]
    assert services.deliver_due().failed == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert "短信网关超时" in message.last_error
    assert timezone.now() - started == timedelta(seconds=150)
    clock.shift(timedelta(days=1))
    assert services.deliver_due().failed == 0  # a failed message is left alone
    assert sms_backend.sent == []


def test_a_transient_failure_is_retried_and_then_sent(sms_backend, clock):
    sms_backend.failures_left = 1
    queue()

    services.deliver_due()
    clock.shift(timedelta(seconds=10))
    report = services.deliver_due()

    assert report.sent == 1
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 2)
    assert len(sms_backend.sent) == 1


def test_requeue_gives_a_failed_message_new_attempts(sms_backend, clock):
    sms_backend.failures_left = services.MAX_ATTEMPTS
    message = queue()
    for _ in range(services.MAX_ATTEMPTS):
        services.deliver_due()
        clock.shift(timedelta(minutes=5))

    assert services.requeue([message.pk]) == 1
    assert services.deliver_due().sent == 1


def test_messages_are_delivered_oldest_first_up_to_the_batch_size(sms_backend):
    for n in range(3):
        queue(key=f"k{n}", phone=f"1380013800{n}")

    assert services.deliver_due(batch_size=2).sent == 2
    assert [m.key for m in sms_backend.sent] == ["k0", "k1"]
    assert services.deliver_due().sent == 1


def test_the_celery_task_delivers(sms_backend):
    queue()

    deliver_outbox()

    assert len(sms_backend.sent) == 1
