"""Real threads for the PostgreSQL concurrency tests: buyers, and calls released together."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory

WORKERS = 24


def buyer_with_address():
    buyer = ShopperFactory()
    address = Address.objects.create(
        user=buyer, consignee="李四", mobile="13812345678", region_code="310101",
        detail="淮海中路 3 号", is_default=True,
    )  # fmt: skip
    return buyer, address


def all_at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls on real threads, released together once all are queued; each returns its
    result or its error."""
    go = threading.Event()

    def run(call):
        go.wait(timeout=30)
        try:
            return call()
        except Exception as exc:  # collected: the test asserts on every outcome
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, call) for call in calls]
        go.set()
        return [future.result() for future in futures]
