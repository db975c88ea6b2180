"""Parallel writes to one address book: the limit and the single default hold (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from mall.customers import services
from mall.customers.errors import AddressError
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.customers.tests.test_addresses import home

WRITERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_creates_never_pass_the_limit_nor_make_two_defaults():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    user = ShopperFactory()
    for n in range(services.MAX_ADDRESSES - 3):
        services.create_address(user, home(detail=f"南京东路 {n} 号"))
    start = threading.Barrier(WRITERS)
    refused = []

    def writer(n: int) -> None:
        try:
            start.wait(timeout=10)
            services.create_address(user, home(detail=f"淮海中路 {n} 号", is_default=True))
        except AddressError:
            refused.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Address.objects.filter(user=user).count() == services.MAX_ADDRESSES
    assert len(refused) == WRITERS - 3
    assert Address.objects.filter(user=user, is_default=True).count() == 1
