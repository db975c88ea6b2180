"""Past orders for the demo mall (seed_demo): the demo shopper and a few dozen other shoppers,
with orders in every state, so order lists, timelines, seller pages and statements have
something real to show.

Everything goes through the real services, as a shopper, a seller and the workers would:
`checkout.place_orders` (server pricing with the shops' freight templates, stock taken, one
payment per checkout), the sandbox cashier's decision and its signed notification delivered by
the outbox (`notifications.services.deliver_due`, the worker's own task body, which verifies the
signature in `payments.services.handle_notification`), `services.ship` by the shop's owner,
`confirm_receipt`, `cancel_by_buyer` (paid → refunded through the outbox's refund call), and the
sweeps' per-order steps `cancel_if_expired`, `confirm_if_due` and `settle_if_due`.

No clock is faked. The services stamp the present, so afterwards each checkout's timestamps are
moved back to a plausible story (placed N days ago, paid minutes later, shipped the next day…):
orders (created/paid/shipped/completed/cancelled/settled), their timeline events, shipments,
checkout submissions, the payment and its refunds, and the ledger entries they posted. That is
the only write done outside the services, and it is also what lets the sweep steps find an order
due (an order completed now is not past its after-sales window: backdated, it is, and
`settle_if_due` settles it for real). Stock movements and outbox rows keep the seeding time.
"""

import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mall.catalog.demo import shops as demo_shops
from mall.catalog.demo import tree
from mall.catalog.models import Product, Sku
from mall.customers import demo_addresses
from mall.customers.models import Address
from mall.inventory.services import refresh_products_of
from mall.ledger.models import Entry
from mall.merchants.demo import SELLER_PASSWORD, ensure_shop_owners
from mall.merchants.models import Shop, ShopMember
from mall.notifications.services import deliver_due
from mall.orders import services
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.models import CheckoutSubmission, Order, OrderEvent, OrderStatus, Shipment
from mall.payments import selectors as payment_selectors
from mall.payments import services as payments
from mall.payments.models import Payment, Refund
from mall.shipping.demo import seed_freight_templates

OTHER_SHOPPERS = 36
CHECKOUTS_PER_OTHER_SHOPPER = 2
SKU_POOL = 1500
MIN_STOCK = 20  # a demo order takes at most 2 of a SKU: never the last ones
NOTES = ("", "", "", "工作日送货", "请放快递柜", "周末在家，送货前电话联系", "不要放门卫")
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


class Story(StrEnum):
    """Where a checkout's orders end up."""

    UNPAID = "unpaid"  # 待付款
    PAID = "paid"  # 待发货
    PARTLY_SHIPPED = "partly_shipped"  # 待发货, some units on their way
    SHIPPED = "shipped"  # 待收货
    COMPLETED = "completed"  # 已完成, still inside the after-sales window
    SETTLED = "settled"  # 已完成 by the buyer, settled to the shop
    AUTO_SETTLED = "auto_settled"  # 已完成 by the auto-confirm sweep, settled
    CANCELLED = "cancelled"  # 已取消 by the buyer before paying
    EXPIRED = "expired"  # 已取消 by the unpaid-order sweep
    REFUNDED = "refunded"  # paid, cancelled by the buyer before shipping, refunded in full

    @property
    def final_status(self) -> str:
        return FINAL_STATUS[self]


S = OrderStatus
FINAL_STATUS = {
    Story.UNPAID: S.PENDING_PAYMENT, Story.PAID: S.PAID, Story.PARTLY_SHIPPED: S.PAID,
    Story.SHIPPED: S.SHIPPED, Story.COMPLETED: S.COMPLETED, Story.SETTLED: S.COMPLETED,
    Story.AUTO_SETTLED: S.COMPLETED, Story.CANCELLED: S.CANCELLED, Story.EXPIRED: S.CANCELLED,
    Story.REFUNDED: S.REFUNDED,
}  # fmt: skip
PAID_STORIES = {
    Story.PAID, Story.PARTLY_SHIPPED, Story.SHIPPED, Story.COMPLETED, Story.SETTLED,
    Story.AUTO_SETTLED, Story.REFUNDED,
}  # fmt: skip
SHIPPED_STORIES = {Story.SHIPPED, Story.COMPLETED, Story.SETTLED, Story.AUTO_SETTLED}
SETTLED_STORIES = {Story.SETTLED, Story.AUTO_SETTLED}
# The demo shopper sees every state, the usual ones more than once.
DEMO_SHOPPER_STORIES = (*Story, Story.SETTLED, Story.SETTLED, Story.SHIPPED, Story.COMPLETED)
OTHER_STORY_WEIGHTS = {
    Story.UNPAID: 4, Story.PAID: 8, Story.PARTLY_SHIPPED: 4, Story.SHIPPED: 10,
    Story.COMPLETED: 10, Story.SETTLED: 26, Story.AUTO_SETTLED: 8, Story.CANCELLED: 8,
    Story.EXPIRED: 8, Story.REFUNDED: 8,
}  # fmt: skip
TRACKING_NUMBERS: dict[str, Callable[[random.Random], str]] = {
    "SF": lambda rng: f"SF{rng.randrange(10**13):013d}",
    "ZTO": lambda rng: f"78{rng.randrange(10**12):012d}",
    "STO": lambda rng: f"77{rng.randrange(10**11):011d}",
    "YTO": lambda rng: f"YT{rng.randrange(10**13):013d}",
    "YUNDA": lambda rng: f"43{rng.randrange(10**11):011d}",
    "JD": lambda rng: f"JDVA{rng.randrange(10**11):011d}",
    "EMS": lambda rng: f"11{rng.randrange(10**11):011d}",
}


@dataclass
class Checkout:
    """One planned checkout, its story's timestamps, and the orders it made."""

    buyer: object
    address_id: int
    items: tuple[CheckoutItem, ...]
    story: Story
    stamps: dict[str, datetime]
    note: str = ""
    orders: list[Order] = field(default_factory=list)


@dataclass(frozen=True)
class DemoOrdersSummary:
    counts: dict[str, int]
    seller_mobile: str
    seller_password: str


def seed_demo_orders(
    seed: int, shopper_mobile: str = demo_shops.SHOPPER_MOBILE
) -> DemoOrdersSummary:
    """Freight templates and an owner for every demo shop, the shoppers' address books, then
    their past checkouts. Expects the catalog's demo shops, products and the demo shopper."""
    rng = random.Random(seed)
    shop_rows = list(Shop.objects.filter(slug__in=[demo.slug for demo in demo_shops.SHOPS]))
    by_slug = {demo.slug: demo for demo in demo_shops.SHOPS}
    templates = seed_freight_templates(
        (shop, tree.lineage(by_slug[shop.slug].covers[0])[-1]) for shop in shop_rows
    )
    owners = ensure_shop_owners(shop_rows)
    shopper = get_user_model().objects.get(mobile=shopper_mobile)
    demo_addresses.ensure_demo_addresses(shopper)
    others = demo_addresses.ensure_other_shoppers(rng, OTHER_SHOPPERS)
    checkouts = plan_checkouts(rng, shopper, others, sku_pool(owners))
    run_checkouts(rng, checkouts, owners)
    # inventory refreshes these after each commit; inside a caller's transaction (tests) it
    # has not happened yet
    refresh_products_of(sorted({i.sku_id for checkout in checkouts for i in checkout.items}))
    counts = {
        "运费模板（新建）": templates,
        "卖家账号": len(owners),
        "演示顾客": len(others) + 1,
        "收货地址": Address.objects.filter(user__in=[shopper, *others]).count(),
        **order_counts(checkouts),
    }
    first_owner = owners[shop_rows[0].pk].user
    return DemoOrdersSummary(counts, first_owner.mobile, SELLER_PASSWORD)


def order_counts(checkouts: list[Checkout]) -> dict[str, int]:
    statuses = Counter(order.status for checkout in checkouts for order in checkout.orders)
    return {
        "历史订单": sum(statuses.values()),
        **{f"订单·{status.label}": statuses[status] for status in S if statuses[status]},
        "已结算订单": sum(len(c.orders) for c in checkouts if c.story in SETTLED_STORIES),
    }


# --- planning -----------------------------------------------------------------------------------
def plan_checkouts(
    rng: random.Random, shopper, others: Sequence, pool: dict[int, list[int]]
) -> list[Checkout]:
    now = timezone.now()
    plans = [(shopper, story) for story in DEMO_SHOPPER_STORIES]
    stories, weights = zip(*OTHER_STORY_WEIGHTS.items(), strict=True)
    for buyer in others:
        plans += [(buyer, s) for s in rng.choices(stories, weights, k=CHECKOUTS_PER_OTHER_SHOPPER)]
    addresses: dict[int, list[int]] = {}
    for address in Address.objects.filter(user__in={buyer for buyer, _story in plans}):
        addresses.setdefault(address.user_id, []).append(address.pk)
    return [
        Checkout(
            buyer=buyer,
            address_id=rng.choice(sorted(addresses[buyer.pk])),
            items=pick_items(rng, pool, partly_shipped=story == Story.PARTLY_SHIPPED),
            story=story,
            stamps=timeline(rng, story, now),
            note=rng.choice(NOTES),
        )
        for buyer, story in plans
    ]


def sku_pool(shop_ids: Iterable[int]) -> dict[int, list[int]]:
    """SKU ids by shop, of these shops: buyable (on sale, open shop, active category) with
    stock to spare."""
    rows = (
        Sku.objects.filter(
            shop_id__in=list(shop_ids),
            is_active=True,
            stock__gte=MIN_STOCK,
            product__in=Product.objects.visible(),
        )
        .order_by("pk")
        .values_list("pk", "shop_id")[:SKU_POOL]
    )
    pool: dict[int, list[int]] = {}
    for sku_id, shop_id in rows:
        pool.setdefault(shop_id, []).append(sku_id)
    if not pool:
        raise RuntimeError("seed_demo: no buyable SKU with stock for the demo orders")
    return pool


def pick_items(
    rng: random.Random, pool: dict[int, list[int]], *, partly_shipped: bool
) -> tuple[CheckoutItem, ...]:
    """One shop's goods, or two shops' (拆单 into two orders); 1–2 SKUs per shop. A checkout to
    be shipped in part is one shop's, starting with two units of one SKU."""
    two_shops = len(pool) > 1 and not partly_shipped and rng.random() < 0.4
    shop_count = 2 if two_shops else 1
    items = []
    for shop_id in rng.sample(sorted(pool), shop_count):
        skus = pool[shop_id]
        for sku_id in rng.sample(skus, min(len(skus), rng.choice((1, 1, 2)))):
            items.append(CheckoutItem(sku_id, 2 if rng.random() < 0.2 else 1))
    if partly_shipped:
        items[0] = CheckoutItem(items[0].sku_id, 2)
    return tuple(items)


def timeline(rng: random.Random, story: Story, now: datetime) -> dict[str, datetime]:
    """The story's timestamps, counted back from its last event, which lies in a range that
    keeps each order where the story leaves it (e.g. shipped less than the auto-confirm days
    ago, completed within the after-sales window unless settled)."""
    auto_confirm = timedelta(days=settings.ORDER_AUTO_CONFIRM_DAYS)
    aftersales = timedelta(days=settings.AFTERSALES_WINDOW_DAYS)
    timeout = timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)

    def between(low: timedelta, high: timedelta) -> timedelta:
        return timedelta(seconds=rng.uniform(low.total_seconds(), high.total_seconds()))

    steps: list[tuple[str, timedelta]] = [("placed", timedelta(0))]
    if story in PAID_STORIES:
        steps.append(("paid", between(MINUTE, 15 * MINUTE)))
    if story in SHIPPED_STORIES or story == Story.PARTLY_SHIPPED:
        steps.append(("shipped", between(3 * HOUR, 30 * HOUR)))
    if story in (Story.COMPLETED, Story.SETTLED):
        steps.append(("completed", between(2 * DAY, 6 * DAY)))
    if story == Story.AUTO_SETTLED:
        steps.append(("completed", auto_confirm + between(5 * MINUTE, HOUR)))
    if story in SETTLED_STORIES:
        steps.append(("settled", aftersales + between(5 * MINUTE, 2 * HOUR)))
    if story == Story.CANCELLED:
        steps.append(("cancelled", between(2 * MINUTE, 25 * MINUTE)))
    if story == Story.EXPIRED:
        steps.append(("cancelled", timeout + between(MINUTE, 5 * MINUTE)))
    if story == Story.REFUNDED:
        steps += [
            ("cancelled", between(HOUR, 20 * HOUR)),
            ("refunded", between(MINUTE, 9 * MINUTE)),
        ]
    oldest = {
        Story.UNPAID: min(20 * MINUTE, timeout / 2),
        Story.PAID: 2 * DAY,
        Story.PARTLY_SHIPPED: 2 * DAY,
        Story.SHIPPED: min(8 * DAY, auto_confirm - DAY),
        Story.COMPLETED: aftersales - DAY,
    }.get(story, 40 * DAY)
    last = now - between(min(MINUTE, oldest), oldest)
    at = last - sum((step for _name, step in steps), timedelta(0))
    stamps = {}
    for name, step in steps:
        at += step
        stamps[name] = at
    return stamps


# --- running the stories through the services ---------------------------------------------------
def run_checkouts(
    rng: random.Random, checkouts: list[Checkout], owners: dict[int, ShopMember]
) -> None:
    for checkout in checkouts:
        request = CheckoutRequest(checkout.address_id, checkout.items, checkout.note)
        key = f"demo-{uuid.UUID(int=rng.getrandbits(128)).hex}"
        checkout.orders = place_orders(user=checkout.buyer, request=request, key=key)
    for checkout in stories(checkouts, PAID_STORIES):
        payments.sandbox_decide(payment_of(checkout), success=True)
    deliver_outbox()  # the sandbox's signed notifications: verified, then paid
    for checkout in stories(checkouts, SHIPPED_STORIES | {Story.PARTLY_SHIPPED}):
        partly = checkout.story == Story.PARTLY_SHIPPED
        for order in refreshed(checkout):
            ship(rng, owners[order.shop_id], order, partly=partly)
    for checkout in stories(checkouts, {Story.CANCELLED, Story.REFUNDED}):
        for order in checkout.orders:
            services.cancel_by_buyer(checkout.buyer, order.no)
    deliver_outbox()  # the refund calls to the sandbox, whose answers refund the orders
    backdate_all(checkouts)  # now the sweeps' steps find the orders due
    for checkout in checkouts:
        for order in checkout.orders:
            if checkout.story == Story.EXPIRED:
                services.cancel_if_expired(order.pk)
            elif checkout.story in (Story.COMPLETED, Story.SETTLED):
                services.confirm_receipt(checkout.buyer, order.no)
            elif checkout.story == Story.AUTO_SETTLED:
                services.confirm_if_due(order.pk)
    backdate_all(checkouts)
    for checkout in stories(checkouts, SETTLED_STORIES):
        for order in checkout.orders:
            services.settle_if_due(order.pk)
    backdate_all(checkouts)
    check_outcome(checkouts)


def stories(checkouts: list[Checkout], wanted: set[Story]) -> list[Checkout]:
    return [checkout for checkout in checkouts if checkout.story in wanted]


def payment_of(checkout: Checkout) -> Payment:
    return payment_selectors.payment_by_id(checkout.orders[0].payment_id)


def refreshed(checkout: Checkout) -> list[Order]:
    """The checkout's orders as they are now in the database."""
    checkout.orders = list(
        Order.objects.filter(pk__in=[o.pk for o in checkout.orders]).order_by("pk")
    )
    return checkout.orders


def deliver_outbox() -> None:
    """What the worker's deliver_outbox task does, until nothing is left that is due."""
    while deliver_due().sent:
        pass


def ship(rng: random.Random, owner: ShopMember, order: Order, *, partly: bool) -> None:
    """All of the order, or (partly) one unit of its first line."""
    carrier = rng.choice(sorted(TRACKING_NUMBERS))
    quantities = None
    if partly:
        quantities = {order.lines.order_by("pk").values_list("pk", flat=True)[0]: 1}
    services.ship(
        owner, order.no, carrier=carrier, tracking_no=TRACKING_NUMBERS[carrier](rng),
        quantities=quantities,
    )  # fmt: skip


def check_outcome(checkouts: list[Checkout]) -> None:
    """Every order is where its story leaves it (a service refusing shows up here)."""
    for checkout in checkouts:
        for order in refreshed(checkout):
            if order.status != checkout.story.final_status:
                raise RuntimeError(
                    f"demo order {order.no} ({checkout.story}) ended up {order.status}"
                )


# --- backdating ---------------------------------------------------------------------------------
ORDER_STAMPS = {
    "created_at": "placed", "paid_at": "paid", "shipped_at": "shipped",
    "completed_at": "completed", "cancelled_at": "cancelled", "settled_at": "settled",
}  # fmt: skip
EVENT_STAMPS = {
    S.PENDING_PAYMENT: "placed", S.PAID: "paid", S.SHIPPED: "shipped", S.COMPLETED: "completed",
    S.CANCELLED: "cancelled", S.REFUNDING: "cancelled", S.REFUNDED: "refunded",
}  # fmt: skip


@transaction.atomic  # one commit for a few thousand small UPDATEs
def backdate_all(checkouts: list[Checkout]) -> None:
    for checkout in checkouts:
        backdate(checkout)


def backdate(checkout: Checkout) -> None:
    """Move what the services stamped with the present to the checkout's story (see the
    module's docstring). Only timestamps the services have set are moved."""
    stamps = checkout.stamps
    payment = payment_of(checkout)
    for order in refreshed(checkout):
        moved = {
            column: stamps[name]
            for column, name in ORDER_STAMPS.items()
            if getattr(order, column) is not None and name in stamps
        }
        order.no = numbered_on(order.no, stamps["placed"])
        Order.objects.filter(pk=order.pk).update(no=order.no, **moved)
        for status, name in EVENT_STAMPS.items():
            if name in stamps:
                OrderEvent.objects.filter(order=order, to_status=status).update(at=stamps[name])
        if "shipped" in stamps:
            Shipment.objects.filter(order=order).update(created_at=stamps["shipped"])
        if order.settled_at is not None:
            entry_at(f"settle:order:{order.pk}", stamps["settled"])
    CheckoutSubmission.objects.filter(payment_id=payment.pk).update(created_at=stamps["placed"])
    Payment.objects.filter(pk=payment.pk).update(created_at=stamps["placed"])
    if payment.paid_at is not None:
        Payment.objects.filter(pk=payment.pk).update(paid_at=stamps["paid"])
        entry_at(f"pay:{payment.pk}", stamps["paid"])
    for refund in Refund.objects.filter(payment=payment):
        succeeded = stamps["refunded"] if refund.succeeded_at else None
        Refund.objects.filter(pk=refund.pk).update(
            created_at=stamps["cancelled"], succeeded_at=succeeded
        )
        if succeeded:
            entry_at(f"refund:{refund.pk}", succeeded)


def numbered_on(no: str, placed: datetime) -> str:
    """An order number starts with the date it was placed (see checkout._create_orders)."""
    return f"{timezone.localtime(placed):%Y%m%d}{no[8:]}"


def entry_at(reason: str, at: datetime) -> None:
    Entry.objects.filter(reason=reason).update(created_at=at)
