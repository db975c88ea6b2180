"""seed_demo's past orders (mall/orders/demo.py): every state, made by the real services, with
consistent timelines, conserved stock and a balanced ledger."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from mall.catalog.demo import shops as demo_shops
from mall.catalog.demo.seeder import ensure_accounts, upsert_shops
from mall.catalog.models import Sku
from mall.catalog.tests.factories import ProductFactory
from mall.customers.models import Address
from mall.ledger.models import Entry
from mall.ledger.selectors import account_balance, escrow_balance, shop_statement
from mall.ledger.services import commission_of
from mall.merchants.demo import SELLER_PASSWORD, seller_mobile
from mall.merchants.models import Shop, ShopMember
from mall.orders import tasks
from mall.orders.demo import OTHER_SHOPPERS, seed_demo_orders
from mall.orders.models import Order, OrderStatus
from mall.payments.models import Payment
from mall.shipping.models import FreightTemplate

S = OrderStatus
STOCK = 500
SHOP_SLUGS = ("huawei-store", "three-squirrels", "hushang-fresh", "shanghai-bookcity", "anta")


@pytest.fixture(scope="module")
def demo_orders(django_db_setup, django_db_blocker):
    """The demo shops with a few products each, the demo shopper, then the past orders; seeded
    once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        shops = upsert_shops()
        for slug in SHOP_SLUGS:
            for price in (1990, 8800, 25900):
                ProductFactory(
                    shop=shops[slug][0], skus=[([], price, STOCK), (["大"], price, STOCK)]
                )
        ensure_accounts()
        summary = seed_demo_orders(seed=11)
        yield summary
        transaction.set_rollback(True)


def demo_shopper():
    return get_user_model().objects.get(mobile=demo_shops.SHOPPER_MOBILE)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_orders")]


def test_the_demo_shopper_has_orders_in_every_state():
    orders = Order.objects.filter(buyer=demo_shopper())
    statuses = Counter(orders.values_list("status", flat=True))
    assert set(statuses) == set(S.values) - {S.REFUNDING}
    paid = orders.filter(status=S.PAID)
    assert paid.filter(shipments__isnull=True).exists(), "待发货, nothing shipped"
    assert paid.filter(shipments__isnull=False).exists(), "待发货, shipped in part"
    completed = orders.filter(status=S.COMPLETED)
    assert completed.filter(settled_at__isnull=False).exists()
    assert completed.filter(settled_at__isnull=True).exists()
    assert orders.filter(status=S.REFUNDED, refunded__gt=0).exists()


def test_other_shoppers_have_chinese_names_and_shanghai_addresses(demo_orders):
    buyers = get_user_model().objects.filter(orders__isnull=False).distinct()
    assert buyers.count() > OTHER_SHOPPERS // 2
    others = get_user_model().objects.filter(mobile__startswith="1372026")
    assert others.count() == OTHER_SHOPPERS
    assert all(2 <= len(user.nickname) <= 3 for user in others)
    addresses = Address.objects.filter(user__in=[*others, demo_shopper()])
    assert all(address.region_code.startswith("3101") for address in addresses)
    assert all(address.region_names.startswith("上海市 上海市") for address in addresses)
    assert Address.objects.filter(user=demo_shopper()).count() == 3
    assert Address.objects.filter(user=demo_shopper(), is_default=True).count() == 1
    assert demo_orders.counts["收货地址"] == addresses.count()


def test_every_shop_has_an_owner_who_can_sign_in_and_a_default_freight_template(demo_orders):
    owners = ShopMember.objects.filter(role=ShopMember.Role.OWNER).select_related("user")
    assert owners.count() == Shop.objects.count() == len(demo_shops.SHOPS)
    first = owners.get(shop__slug=demo_shops.SHOPS[0].slug).user
    assert first.mobile == demo_orders.seller_mobile
    assert first.check_password(SELLER_PASSWORD) and demo_orders.seller_password == SELLER_PASSWORD
    defaults = FreightTemplate.objects.filter(is_default=True)
    assert set(defaults.values_list("shop__slug", flat=True)) == {d.slug for d in demo_shops.SHOPS}


def test_orders_went_through_pricing_with_freight_and_two_shop_checkouts():
    orders = Order.objects.all()
    assert orders.filter(freight__gt=0).exists()
    split = Counter(orders.values_list("payment_id", flat=True))
    assert any(count == 2 for count in split.values()), "a checkout split over two shops"
    for order in orders:
        assert order.total == order.goods - order.discount + order.freight
        assert order.breakdown["total"] == order.total


def test_timelines_run_forwards_in_the_past_and_numbers_carry_the_date():
    now = timezone.now()
    for order in Order.objects.prefetch_related("events", "shipments"):
        stamps = [
            order.created_at, order.paid_at, order.shipped_at, order.completed_at,
            order.settled_at,
        ]  # fmt: skip
        present = [stamp for stamp in stamps if stamp is not None]
        assert present == sorted(present) and present[-1] <= now
        events = [event.at for event in order.events.all()]
        assert events == sorted(events) and events[0] == order.created_at
        assert order.no.startswith(f"{timezone.localtime(order.created_at):%Y%m%d}")
        for shipment in order.shipments.all():
            assert order.paid_at < shipment.created_at <= now


def test_settled_orders_moved_their_escrow_to_the_shop():
    settled = Order.objects.filter(settled_at__isnull=False)
    assert settled.exists()
    for order in settled:
        assert escrow_balance(f"order:{order.pk}") == 0
        entry = Entry.objects.get(reason=f"settle:order:{order.pk}")
        assert entry.created_at == order.settled_at
    holding = Order.objects.filter(
        status__in=[S.PAID, S.SHIPPED, S.COMPLETED], settled_at__isnull=True
    )
    assert -account_balance("escrow") == holding.aggregate(total=Sum("total"))["total"]


def test_the_ledger_balances():
    call_command("check_ledger", stdout=StringIO())


def test_payments_were_paid_by_verified_sandbox_notifications():
    paid_orders = Order.objects.exclude(status__in=[S.PENDING_PAYMENT, S.CANCELLED])
    payments = Payment.objects.filter(pk__in=paid_orders.values("payment_id"))
    assert payments.exists()
    assert all(p.status == Payment.Status.PAID and p.gateway_trade_no for p in payments)
    assert all(Entry.objects.filter(reason=f"pay:{p.pk}").exists() for p in payments)


def test_stock_taken_only_by_orders_that_still_hold_it():
    held = Counter()
    for order in Order.objects.exclude(status__in=[S.CANCELLED, S.REFUNDED]):
        for line in order.lines.all():
            held[line.sku_id] += line.quantity
    for sku in Sku.objects.all():
        assert sku.stock == STOCK - held[sku.pk]


def test_the_sweeps_find_nothing_due_yet():
    before = list(Order.objects.values_list("pk", "status", "settled_at"))
    assert tasks.cancel_unpaid_orders() == 0
    assert tasks.auto_confirm_orders() == 0
    assert tasks.settle_orders() == 0
    assert list(Order.objects.values_list("pk", "status", "settled_at")) == before


def test_seeding_again_adds_orders_but_no_second_account_template_or_address_book():
    counts = (ShopMember.objects.count(), FreightTemplate.objects.count(), Address.objects.count())
    orders = Order.objects.count()
    with transaction.atomic():
        summary = seed_demo_orders(seed=12)
        assert summary.counts["运费模板（新建）"] == 0
        assert counts == (
            ShopMember.objects.count(),
            FreightTemplate.objects.count(),
            Address.objects.count(),
        )
        assert Order.objects.count() > orders
        transaction.set_rollback(True)


def test_a_settled_order_shows_on_its_shops_statement_on_the_day_it_was_settled():
    order = Order.objects.filter(settled_at__isnull=False).select_related("shop").first()
    day = timezone.localdate(order.settled_at)
    statement = shop_statement(order.shop_id, day, day)
    settled = [row for row in statement.rows if row.reference == f"order:{order.pk}"]
    assert {row.kind for row in settled} == {"goods", "commission"}
    commission = sum(
        commission_of(line.total, line.commission_rate_bp) for line in order.lines.all()
    )
    assert sum(row.amount for row in settled) == order.total - commission


def test_the_printed_seller_sees_the_shops_orders_and_the_shopper_her_own(client):
    seller = get_user_model().objects.get(mobile=seller_mobile(0))
    shop_order = Order.objects.filter(shop__members__user=seller).first()
    client.force_login(seller)
    page = client.get(reverse("orders:seller_list"))
    assert page.status_code == 200 and shop_order.no in page.content.decode()

    client.force_login(demo_shopper())
    own = Order.objects.filter(buyer=demo_shopper(), status=S.SHIPPED).first()
    page = client.get(reverse("orders:list"))
    assert page.status_code == 200 and own.no in page.content.decode()
    detail = client.get(reverse("orders:detail", args=[own.no]))
    assert detail.status_code == 200
