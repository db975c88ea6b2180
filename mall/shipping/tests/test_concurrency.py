"""A shop's first templates saved at once: one default, no error (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from mall.merchants.tests.factories import ShopFactory
from mall.shipping.models import FreightTemplate
from mall.shipping.tests.factories import make_template

WRITERS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_first_templates_leave_exactly_one_default():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    shop = ShopFactory()
    start = threading.Barrier(WRITERS)
    failures = []

    def writer(n: int) -> None:
        try:
            start.wait(timeout=10)
            make_template(shop, f"模板{n}")
        except Exception as error:  # any failure is the test's failure
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert FreightTemplate.objects.filter(shop=shop).count() == WRITERS
    assert FreightTemplate.objects.filter(shop=shop, is_default=True).count() == 1
