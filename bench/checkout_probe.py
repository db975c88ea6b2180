"""Run inside the benchmark's environment against its seeded database
(`python -m bench.checkout_probe STEP …`); each step prints its result as JSON.

- `prepare`: the fixture — a 5-line basket over two shops (stock raised so it never runs out)
  and bench shoppers with a password and a Shanghai address, made through the services.
- `place`: checkouts per second through `place_orders` against plain inserts of the same rows,
  alternating in rounds.
- `http`: the whole flow over HTTP from client threads (bench/checkout_client.py) while this
  process delivers the outbox, as the worker does, so payments become paid through the
  sandbox's signed notification; then when each became paid, from the database, and what each
  shopper's status API says.
"""

import argparse
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import django

from bench.checkout_client import ClientResult, FlowError, Window, run_clients
from bench.stats import percentile

BUYER_PASSWORD = "bench-checkout-2026"
BUYER_MOBILE_PREFIX = "1360000"
BENCH_STOCK = 100_000_000  # never the limit: the benchmark measures placing, not selling out
BASKET_SHAPE = (3, 2)  # lines from the first shop, from the second
IDLE_POLL_SECONDS = 0.02  # the deliverer's nap when nothing was due
DRAIN_SECONDS = 30  # after the window: how long the last payments may take to become paid


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.checkout_probe")
    steps = parser.add_subparsers(dest="step", required=True)
    prepare_args = steps.add_parser("prepare")
    prepare_args.add_argument("--buyers", type=int, required=True)
    place_args = steps.add_parser("place")
    place_args.add_argument("--fixture", required=True)
    place_args.add_argument("--seconds", type=float, required=True)
    place_args.add_argument("--rounds", type=int, required=True)
    http_args = steps.add_parser("http")
    http_args.add_argument("--fixture", required=True)
    http_args.add_argument("--base-url", required=True)
    http_args.add_argument("--clients", type=int, required=True)
    http_args.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mall.settings")
    django.setup()
    if args.step == "prepare":
        result = prepare(args.buyers)
    elif args.step == "place":
        result = place(json.loads(args.fixture), args.seconds, args.rounds)
    else:
        fixture = json.loads(args.fixture)
        result = http(fixture, args.base_url, args.clients, args.seconds)
    json.dump(result, sys.stdout, ensure_ascii=False)


# --- prepare ------------------------------------------------------------------------------------
def prepare(buyers: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from mall.catalog.models import Sku
    from mall.customers.models import User
    from mall.customers.services import AddressInput, create_address

    basket = choose_basket()
    Sku.objects.filter(pk__in=[sku_id for sku_id, _shop in basket]).update(stock=BENCH_STOCK)
    password = make_password(BUYER_PASSWORD)
    shoppers = []
    for n in range(1, buyers + 1):
        mobile = f"{BUYER_MOBILE_PREFIX}{n:04d}"
        user = User.objects.create_user(username=mobile, mobile=mobile, nickname=f"压测顾客{n}")
        User.objects.filter(pk=user.pk).update(password=password)
        address = create_address(
            user, AddressInput("压测顾客", mobile, "310115", f"世纪大道 {n} 号 {n % 30 + 2} 楼")
        )
        shoppers.append({"mobile": mobile, "address_id": address.pk})
    return {
        "basket": [sku_id for sku_id, _shop in basket],
        "shops": sorted({shop_id for _sku, shop_id in basket}),
        "buyers": shoppers,
        "password": BUYER_PASSWORD,
    }


def choose_basket() -> list[tuple[int, int]]:
    """(sku id, shop id) of 3 SKUs of one shop and 2 of another, both shops with a freight
    template, so the checkout splits into two orders and prices freight."""
    from mall.catalog.models import Product, Sku
    from mall.shipping.models import FreightTemplate

    with_template = FreightTemplate.objects.filter(is_default=True).values("shop_id")
    rows = (
        Sku.objects.filter(
            is_active=True, product__in=Product.objects.visible(), shop_id__in=with_template
        )
        .order_by("shop_id", "pk")
        .values_list("pk", "shop_id")
    )
    by_shop: dict[int, list[int]] = {}
    for sku_id, shop_id in rows.iterator():
        by_shop.setdefault(shop_id, []).append(sku_id)
    basket: list[tuple[int, int]] = []
    for lines in BASKET_SHAPE:
        shop_id = next(
            shop for shop, skus in by_shop.items()
            if len(skus) >= lines and shop not in {s for _sku, s in basket}
        )  # fmt: skip
        basket += [(sku_id, shop_id) for sku_id in by_shop[shop_id][:lines]]
    return basket


# --- place: place_orders against plain inserts --------------------------------------------------
def place(fixture: dict[str, Any], seconds: float, rounds: int) -> dict[str, Any]:
    from mall.customers.models import User
    from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders

    buyer = User.objects.get(mobile=fixture["buyers"][0]["mobile"])
    request = CheckoutRequest(
        address_id=fixture["buyers"][0]["address_id"],
        items=tuple(CheckoutItem(sku_id, 1) for sku_id in fixture["basket"]),
    )

    def real() -> None:
        place_orders(user=buyer, request=request, key=uuid.uuid4().hex)

    sample = place_orders(user=buyer, request=request, key=uuid.uuid4().hex)
    baseline = plain_inserts(sample)
    warm_up = seconds / rounds / 4
    timed_loop(baseline, warm_up)
    timed_loop(real, warm_up)
    totals = {"baseline": [0, 0.0], "place_orders": [0, 0.0]}
    for _ in range(rounds):  # alternating, so drifting background load hits both alike
        for name, step in (("baseline", baseline), ("place_orders", real)):
            count, elapsed = timed_loop(step, seconds / rounds)
            totals[name][0] += count
            totals[name][1] += elapsed
    rates = {name: count / elapsed for name, (count, elapsed) in totals.items()}
    return {
        "orders_per_checkout": len(sample),
        "lines_per_checkout": sum(order.lines.count() for order in sample),
        "checkouts": {name: count for name, (count, _elapsed) in totals.items()},
        "seconds": {name: elapsed for name, (_count, elapsed) in totals.items()},
        "rate": rates,
        "ratio": rates["place_orders"] / rates["baseline"],
    }


def timed_loop(step: Callable[[], None], seconds: float) -> tuple[int, float]:
    """Run `step` back to back for `seconds`; how many ran and the exact time they took."""
    count = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        step()
        count += 1
    return count, elapsed


def plain_inserts(sample: list) -> Callable[[], None]:
    """A checkout's rows written plainly, in one transaction: the orders, their lines, the
    payment (and the one UPDATE linking the orders to it), and the timeline events — the rows
    `place_orders` writes for `sample`, without its pricing, checks, locks and stock."""
    from django.db import transaction

    from mall.orders.models import Order, OrderEvent, OrderLine
    from mall.payments.models import Payment

    payment = Payment.objects.get(pk=sample[0].payment_id)
    lines = {order.pk: list(order.lines.all()) for order in sample}
    order_fields = ("shop_id", "buyer_id", "goods", "discount", "freight", "total", "breakdown",
                    "address", "note")  # fmt: skip
    line_fields = ("sku_id", "product_id", "product_name", "spec_label", "image", "unit_price",
                   "quantity", "goods", "discount", "total", "commission_rate_bp")  # fmt: skip

    def insert() -> None:
        with transaction.atomic():
            orders = Order.objects.bulk_create(
                Order(no=uuid.uuid4().hex, **{f: getattr(order, f) for f in order_fields})
                for order in sample
            )
            OrderLine.objects.bulk_create(
                OrderLine(order=new, **{f: getattr(line, f) for f in line_fields})
                for new, old in zip(orders, sample, strict=True)
                for line in lines[old.pk]
            )
            created = Payment.objects.create(
                no=uuid.uuid4().hex, buyer_id=payment.buyer_id, gateway=payment.gateway,
                subject=payment.subject, amount=payment.amount,
                allocations=[[f"order:{order.pk}", order.total] for order in orders],
            )  # fmt: skip
            Order.objects.filter(pk__in=[order.pk for order in orders]).update(
                payment_id=created.pk
            )
            OrderEvent.objects.bulk_create(
                OrderEvent(order=order, to_status=order.status, actor_id=order.buyer_id,
                           reason="提交订单")
                for order in orders
            )  # fmt: skip

    return insert


# --- http: the whole flow from client threads, the outbox delivered here ------------------------
def http(fixture: dict[str, Any], base_url: str, clients: int, seconds: float) -> dict[str, Any]:
    buyers = fixture["buyers"][1 : clients + 1]
    if len(buyers) < clients:
        raise SystemExit(f"the fixture has {len(fixture['buyers']) - 1} HTTP buyers, not {clients}")
    stop = threading.Event()
    deliveries = {"sent": 0, "retrying": 0, "failed": 0}
    deliverer = threading.Thread(target=deliver_outbox, args=(stop, deliveries), daemon=True)
    deliverer.start()
    try:
        shoppers, results, window = run_clients(
            base_url, buyers, fixture["password"], fixture["basket"], seconds
        )
        paid_at = wait_until_paid([no for r in results for no, _started in r.checkouts])
    finally:
        stop.set()
        deliverer.join(timeout=60)
    for shopper, result in zip(shoppers, results, strict=True):
        result.errors += shown_unpaid(shopper, [no for no, _started in result.checkouts])
    return summarize_http(results, window, paid_at, deliveries)


def deliver_outbox(stop: threading.Event, tally: dict[str, int]) -> None:
    """The worker's deliver_outbox task body (notifications.services.deliver_due) in a loop
    instead of every OUTBOX_DELIVERY_INTERVAL seconds; it posts each sandbox notification through
    payments.services.handle_notification, which verifies its signature and marks it paid."""
    from django.db import connection

    from mall.notifications.services import deliver_due

    try:
        while not stop.is_set():
            report = deliver_due()
            tally["sent"] += report.sent
            tally["retrying"] += report.retrying
            tally["failed"] += report.failed
            if not report.sent:
                time.sleep(IDLE_POLL_SECONDS)
    finally:
        connection.close()


def wait_until_paid(payment_nos: list[str]) -> dict[str, float | None]:
    """Each payment's paid_at (wall-clock seconds), once all are paid or DRAIN_SECONDS passed."""
    from mall.payments.models import Payment

    payments = Payment.objects.filter(no__in=payment_nos)
    deadline = time.monotonic() + DRAIN_SECONDS
    while payments.exclude(status=Payment.Status.PAID).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    found = dict(payments.values_list("no", "paid_at"))
    return {no: found[no].timestamp() if found.get(no) else None for no in payment_nos}


def shown_unpaid(shopper, payment_nos: list[str]) -> list[str]:
    """What the shopper's own status API says, after the run: every payment must read paid."""
    try:
        statuses = [shopper.payment_status(no) for no in payment_nos]
    except FlowError as error:
        return [str(error)]
    return [f"payment {status} after the run" for status in statuses if status != "paid"]


def summarize_http(
    results: list[ClientResult], window: Window, paid_at: dict[str, float | None],
    deliveries: dict[str, int],
) -> dict[str, Any]:  # fmt: skip
    """Checkouts started in the window and paid before its end; latency = first request of the
    checkout to the payment's paid_at."""
    latencies = [
        (paid_at[no] - started) * 1000
        for result in results
        for no, started in result.checkouts
        if paid_at[no] is not None and paid_at[no] <= window.end
    ]
    errors: dict[str, int] = {}
    for result in results:
        for error in result.errors:
            errors[error] = errors.get(error, 0) + 1
    if deliveries["retrying"] or deliveries["failed"]:
        errors["outbox delivery failed"] = deliveries["retrying"] + deliveries["failed"]
    seconds = window.end - window.start
    return {
        "paid": len(latencies),
        "seconds": round(seconds, 3),
        "rate": len(latencies) / seconds,
        "checkouts": sum(len(result.checkouts) for result in results),
        "requests": sum(result.requests for result in results),
        "p50_ms": percentile(latencies, 50) if latencies else None,
        "p95_ms": percentile(latencies, 95) if latencies else None,
        "notifications delivered": deliveries["sent"],
        "errors": errors,
    }


if __name__ == "__main__":
    main()
