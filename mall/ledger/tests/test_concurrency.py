"""A replayed event posts once even when the replays race (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from mall.ledger import selectors
from mall.ledger.models import Entry
from mall.ledger.services import Line as Posting
from mall.ledger.services import post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_ten_concurrent_replays_post_once():
    post("seed", [Posting("gateway:sandbox", 1), Posting("escrow", -1, "seed")])  # accounts exist
    barrier = threading.Barrier(10)
    errors: list[Exception] = []

    def replay() -> None:
        try:
            barrier.wait(timeout=10)
            post("pay:42", [Posting("gateway:sandbox", 700), Posting("escrow", -700, "order:42")])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=replay) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Entry.objects.filter(reason="pay:42").count() == 1
    assert selectors.escrow_balance("order:42") == 700
    assert selectors.accounts_out_of_step() == []
