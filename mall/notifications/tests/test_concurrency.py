"""Two workers never deliver the same message: a row locked by one is skipped by the other."""

import threading

import pytest
from django.db import connection, transaction

from mall.notifications import services
from mall.notifications.models import OutboxMessage


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_locked_by_another_worker_is_skipped(sms_backend):
    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("the database has no SELECT … FOR UPDATE SKIP LOCKED")
    held = services.enqueue_sms(key="held", phone="13800138000", template="LOGIN_CODE", params={})
    services.enqueue_sms(key="free", phone="13900139000", template="LOGIN_CODE", params={})
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(pk=held.pk)
            locked.set()
            release.wait(timeout=10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    locked.wait(timeout=10)
    try:
        report = services.deliver_due()
    finally:
        release.set()
        thread.join()

    assert report.sent == 1
    assert [m.key for m in sms_backend.sent] == ["free"]
