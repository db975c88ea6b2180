import threading

import pytest
from django.db import connection

from mall.cart import services
from mall.cart.tests.conftest import make_sku
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 20


def run_at_once(action) -> list[BaseException]:
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            action()
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_simultaneous_adds_of_one_sku_make_one_line_of_twenty():
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL")
    sku = make_sku(stock=50)
    cart = services.user_cart(ShopperFactory())

    errors = run_at_once(lambda: services.add(cart, sku.pk, 1))

    assert errors == []
    assert list(cart.lines.values_list("sku_id", "quantity")) == [(sku.pk, WORKERS)]


def test_simultaneous_adds_never_pass_the_stock():
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL")
    sku = make_sku(stock=7)
    cart = services.user_cart(ShopperFactory())

    errors = run_at_once(lambda: services.add(cart, sku.pk, 1))

    assert len(errors) == WORKERS - 7
    assert {type(error).__name__ for error in errors} == {"CartError"}
    assert cart.lines.get().quantity == 7
