"""Outbox deliveries that belong to payments, registered with mall.notifications in
PaymentsConfig.ready(): the sandbox posting its notification, and refund calls."""

from mall.notifications.backends import SmsMessage, register_handler
from mall.payments import services
from mall.payments.gateways.base import NotifyRequest


def deliver_sandbox_notification(message: SmsMessage) -> None:
    """The sandbox's server "posts" its signed notification: it goes through the same
    handle_notification as the gateways' HTTP posts. A refusal raises, so it is retried."""
    request = NotifyRequest(
        body=message.params["body"].encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    reply = services.handle_notification("sandbox", request)
    if reply.body != b"success":
        raise RuntimeError(f"sandbox notification for {message.recipient} was refused")


def call_refund(message: SmsMessage) -> None:
    services.execute_refund(message.params["refund"])


def register() -> None:
    register_handler(services.SANDBOX_NOTIFY, deliver_sandbox_notification)
    register_handler(services.REFUND_CALL, call_refund)
