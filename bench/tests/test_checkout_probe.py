"""The checkout benchmark's probe against the real mall: its fixture, the place_orders and
plain-insert loops, and the HTTP flow (live server, outbox delivered by the probe)."""

import pytest
from django.db import connection

from bench import checkout_probe
from bench.checkout_client import FlowError, Shopper, payment_no_of
from mall.catalog.tests.factories import ProductFactory
from mall.merchants.tests.factories import ShopFactory
from mall.orders.models import Order, OrderStatus
from mall.payments.models import Payment
from mall.shipping.tests.factories import make_template


@pytest.fixture
def fixture(transactional_db):
    for _ in range(2):
        shop = ShopFactory()
        make_template(shop, make_default=True)
        for price in (1990, 2590, 9900):
            ProductFactory(shop=shop, skus=[([], price, 3)])
    return checkout_probe.prepare(buyers=3)


def test_the_fixture_is_a_five_line_basket_over_two_shops_with_stock_to_spare(fixture):
    from mall.catalog.models import Sku

    skus = Sku.objects.filter(pk__in=fixture["basket"])
    assert len(fixture["basket"]) == 5 and len(fixture["shops"]) == 2
    assert sorted({sku.shop_id for sku in skus}) == fixture["shops"]
    assert all(sku.stock == checkout_probe.BENCH_STOCK for sku in skus)
    assert [len(b["mobile"]) for b in fixture["buyers"]] == [11, 11, 11]


def test_place_times_real_checkouts_against_plain_inserts_of_the_same_rows(fixture):
    result = checkout_probe.place(fixture, seconds=0.6, rounds=2)

    assert (result["orders_per_checkout"], result["lines_per_checkout"]) == (2, 5)
    assert result["checkouts"]["place_orders"] > 0 and result["checkouts"]["baseline"] > 0
    assert result["ratio"] == result["rate"]["place_orders"] / result["rate"]["baseline"]
    placed = Order.objects.filter(buyer__mobile=fixture["buyers"][0]["mobile"])
    assert placed.values("payment_id").distinct().count() * 2 == placed.count()
    for order in placed:  # the baseline's rows are complete copies, linked to their payment
        assert order.lines.count() in (2, 3) and order.events.count() == 1
        assert Payment.objects.filter(pk=order.payment_id).exists()


# The outbox is delivered from a thread of its own, as in the benchmark; SQLite's shared
# in-memory test database cannot take that thread's writes beside the live server's.
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_http_flow_ends_in_paid_orders_through_the_verified_notification(fixture, live_server):
    result = checkout_probe.http(fixture, live_server.url, clients=2, seconds=1.5)

    assert result["errors"] == {}
    assert result["paid"] >= 1 and result["p50_ms"] is not None
    assert result["notifications delivered"] >= result["paid"] + 2  # + the warm-up checkouts
    http_buyers = [b["mobile"] for b in fixture["buyers"][1:]]
    orders = Order.objects.filter(buyer__mobile__in=http_buyers)
    assert orders.count() >= 2 * (result["paid"] + 2)
    assert set(orders.values_list("status", flat=True)) == {OrderStatus.PAID}


def test_a_wrong_password_is_a_flow_error_not_a_crash(fixture, live_server):
    shopper = Shopper(live_server.url)
    with pytest.raises(FlowError, match="login"):
        shopper.sign_in(fixture["buyers"][1]["mobile"], "wrong-password")


def test_payment_number_comes_from_the_cashier_url():
    assert payment_no_of("/pay/sandbox/2026112610413037/") == "2026112610413037"
    with pytest.raises(FlowError):
        payment_no_of("/pay/return/2026112610413037/")


def test_the_client_only_talks_to_loopback():
    with pytest.raises(ValueError):
        Shopper("http://example.com")
