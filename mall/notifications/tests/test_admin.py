import pytest
from django.urls import reverse

from mall.notifications import services
from mall.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def message():
    return services.enqueue_sms(
        key="login-code:3", phone="13800138000", template="LOGIN_CODE", params={"code": "864209"}
    )


def test_staff_read_the_params_in_the_outbox_list_and_detail(admin_client, message):
    listing = admin_client.get(reverse("admin:notifications_outboxmessage_changelist"))
    detail = admin_client.get(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    )

    assert listing.status_code == detail.status_code == 200
    assert "864209" in listing.text
    assert "864209" in detail.text


def test_outbox_rows_cannot_be_added_by_hand(admin_client):
    response = admin_client.get(reverse("admin:notifications_outboxmessage_add"))

    assert response.status_code == 403


def test_requeue_action_only_touches_failed_messages(admin_client, message):
    failed = services.enqueue_sms(key="x", phone="13900139000", template="LOGIN_CODE", params={})
    OutboxMessage.objects.filter(pk=failed.pk).update(status="failed", attempts=5)

    response = admin_client.post(
        reverse("admin:notifications_outboxmessage_changelist"),
        {"action": "requeue", "_selected_action": [message.pk, failed.pk]},
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
