"""Queue messages in the caller's transaction; deliver what is due, with retries and backoff."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from mall.notifications.backends import HANDLERS, SmsBackend, SmsMessage, get_sms_backend
from mall.notifications.models import OutboxMessage

logger = logging.getLogger("mall.notifications")

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 10  # waits 10 s, 20 s, 40 s, 80 s between attempts
BATCH_SIZE = 100


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def enqueue_sms(*, key: str, phone: str, template: str, params: dict) -> OutboxMessage:
    """Queue an SMS inside the caller's transaction: it exists, and is sent, only if that
    transaction commits. Queueing the same key twice keeps the first message."""
    message, _created = OutboxMessage.objects.get_or_create(
        key=key, defaults={"recipient": phone, "template": template, "params": params}
    )
    return message


def deliver_due(batch_size: int = BATCH_SIZE) -> DeliveryReport:
    """Send pending messages whose time has come, one locked row per transaction, so several
    workers can run side by side and a message is never sent by two of them."""
    backend = get_sms_backend()
    report = DeliveryReport()
    for _ in range(batch_size):
        with transaction.atomic():
            message = _lock_next_due()
            if message is None:
                break
            _attempt(message, backend)
        _tally(report, message)
    return report


def requeue(message_ids: list[int]) -> int:
    """Give failed messages a fresh set of attempts (from the admin)."""
    return OutboxMessage.objects.filter(
        pk__in=message_ids, status=OutboxMessage.Status.FAILED
    ).update(status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now())


def _lock_next_due() -> OutboxMessage | None:
    due = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return due.first()


def _attempt(message: OutboxMessage, backend: SmsBackend) -> None:
    now = timezone.now()
    message.attempts += 1
    try:
        send = HANDLERS.get(message.template, backend.send)
        send(SmsMessage(message.key, message.recipient, message.template, message.params))
    except Exception as exc:  # any provider failure is recorded and retried, never lost
        logger.warning("outbox %s attempt %s failed: %s", message.key, message.attempts, exc)
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
        else:
            delay = RETRY_BASE_SECONDS * 2 ** (message.attempts - 1)
            message.next_attempt_at = now + timedelta(seconds=delay)
    else:
        message.status = OutboxMessage.Status.SENT
        message.sent_at = now
    message.save(update_fields=["attempts", "status", "next_attempt_at", "last_error", "sent_at"])


def _tally(report: DeliveryReport, message: OutboxMessage) -> None:
    if message.status == OutboxMessage.Status.SENT:
        report.sent += 1
    elif message.status == OutboxMessage.Status.FAILED:
        report.failed += 1
    else:
        report.retrying += 1
