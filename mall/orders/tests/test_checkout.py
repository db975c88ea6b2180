import re

import pytest
from django.http import Http404

from mall.cart import selectors as cart_selectors
from mall.catalog.models import Sku
from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.inventory.models import StockMovement
from mall.ledger.selectors import account_balance, escrow_balance
from mall.merchants.models import ShopMember
from mall.merchants.selectors import commission_rate_bp
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders import services, tasks
from mall.orders.checkout import (
    CheckoutItem,
    CheckoutRequest,
    pending_payment_for,
    place_orders,
)
from mall.orders.errors import IdempotencyConflict, OrderError, TransitionRefused
from mall.orders.models import CheckoutSubmission, Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall, fill_cart, pay
from mall.payments import services as payments
from mall.payments.gateways.base import PaymentEvent, RefundEvent, RefundState, TradeState
from mall.payments.models import Payment, Refund
from mall.promotions import selectors as promotion_selectors

S = OrderStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def mall():
    return build_mall()


def _checkout(mall, key="key-00000001", **overrides) -> list[Order]:
    request = CheckoutRequest(address_id=mall.address.pk, **overrides)
    return place_orders(user=mall.buyer, request=request, key=key)


def _nothing_written(mall) -> None:
    assert not Order.objects.exists()
    assert not CheckoutSubmission.objects.exists()
    assert not Payment.objects.exists()
    assert not StockMovement.objects.exists()
    assert [Sku.objects.get(pk=s.pk).stock for s in (mall.sku_a, mall.sku_b)] == [10, 5]


def test_two_shops_make_two_orders_and_one_payment(mall):
    fill_cart(mall.buyer, (mall.sku_a, 2), (mall.sku_b, 1))
    orders = _checkout(mall, note="请尽快发货")
    assert [o.shop_id for o in orders] == [mall.sku_a.shop_id, mall.sku_b.shop_id]
    a, b = orders
    assert (a.goods, a.freight, a.total) == (5000, 1000, 6000)  # 800 first piece + 200 the next
    assert (b.goods, b.freight, b.total) == (9900, 0, 9900)
    for order in orders:
        lines = list(order.lines.all())
        assert order.total == sum(line.goods for line in lines) - order.discount + order.freight
        assert order.status == S.PENDING_PAYMENT and order.note == "请尽快发货"
        assert re.fullmatch(r"20\d{14}", order.no)
        assert order.address["region_names"].endswith("黄浦区")
        assert order.breakdown["total"] == order.total
    payment = Payment.objects.get()
    assert a.payment_id == b.payment_id == payment.pk
    assert payment.amount == 15900
    assert payment.allocations == [[f"order:{a.pk}", 6000], [f"order:{b.pk}", 9900]]
    assert [Sku.objects.get(pk=s.pk).stock for s in (mall.sku_a, mall.sku_b)] == [8, 4]
    assert cart_selectors.selected_items(mall.buyer) == []


def test_buy_now_leaves_the_cart_alone(mall):
    fill_cart(mall.buyer, (mall.sku_b, 1))
    (order,) = _checkout(mall, items=(CheckoutItem(mall.sku_a.pk, 1),))
    assert order.total == 2500 + 800
    assert [i.sku_id for i in cart_selectors.selected_items(mall.buyer)] == [mall.sku_b.pk]


def test_undeliverable_region_is_refused_with_nothing_written(mall):
    fill_cart(mall.buyer, (mall.sku_a, 1), (mall.sku_b, 1))
    request = CheckoutRequest(address_id=mall.far_address.pk)
    with pytest.raises(OrderError, match=mall.sku_a.shop.name):
        place_orders(user=mall.buyer, request=request, key="key-far-0001")
    _nothing_written(mall)


def test_short_stock_is_refused_with_nothing_written(mall):
    items = (CheckoutItem(mall.sku_a.pk, 1), CheckoutItem(mall.sku_b.pk, 6))
    with pytest.raises(OrderError, match="仅剩 5 件"):
        _checkout(mall, items=items)
    _nothing_written(mall)


def test_an_empty_selection_and_another_users_address_are_refused(mall):
    with pytest.raises(OrderError):
        _checkout(mall)
    stranger = ShopperFactory()
    with pytest.raises(Http404):
        place_orders(
            user=stranger,
            request=CheckoutRequest(mall.address.pk, (CheckoutItem(mall.sku_a.pk, 1),)),
            key="key-00000001",
        )
    _nothing_written(mall)


def test_same_key_and_body_returns_the_same_orders(mall):
    items = (CheckoutItem(mall.sku_a.pk, 1), CheckoutItem(mall.sku_b.pk, 1))
    first = _checkout(mall, items=items)
    again = _checkout(mall, items=tuple(reversed(items)))  # the same body, listed otherwise
    assert [o.pk for o in again] == [o.pk for o in first]
    assert Order.objects.count() == 2 and Payment.objects.count() == 1
    with pytest.raises(IdempotencyConflict):
        _checkout(mall, items=items, note="改了留言")
    assert Order.objects.count() == 2


def test_payment_moves_orders_to_paid_once(mall):
    orders = _checkout(mall, items=(CheckoutItem(mall.sku_a.pk, 1), CheckoutItem(mall.sku_b.pk, 1)))
    pay(orders[0].payment_id)
    pay(orders[0].payment_id)
    for order in orders:
        order.refresh_from_db()
        assert order.status == S.PAID and order.paid_at
        assert order.events.filter(to_status=S.PAID).count() == 1
        assert escrow_balance(f"order:{order.pk}") == order.total


def _refund_succeeds(refund: Refund) -> None:
    event = RefundEvent(refund.no, refund.amount, RefundState.SUCCEEDED, "GR1")
    payments.apply_refund_event(refund.payment.gateway, event)


def test_cancelling_a_paid_order_refunds_its_share_in_full(mall):
    a, b = _checkout(mall, items=(CheckoutItem(mall.sku_a.pk, 2), CheckoutItem(mall.sku_b.pk, 1)))
    pay(a.payment_id)
    services.cancel_by_buyer(mall.buyer, a.no)
    a.refresh_from_db()
    assert a.status == S.REFUNDING
    assert Sku.objects.get(pk=mall.sku_a.pk).stock == 10
    refund = Refund.objects.get()
    assert (refund.amount, refund.reference) == (a.total, f"order:{a.pk}")
    _refund_succeeds(refund)
    _refund_succeeds(refund)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.refunded, b.status) == (S.REFUNDED, a.total, S.PAID)
    assert escrow_balance(f"order:{a.pk}") == 0


def test_money_arriving_for_a_cancelled_order_goes_back(mall):
    (order,) = _checkout(mall, items=(CheckoutItem(mall.sku_a.pk, 1),))
    services.cancel_by_buyer(mall.buyer, order.no)
    pay(order.payment_id)
    order.refresh_from_db()
    assert order.status == S.REFUNDING
    assert Refund.objects.get().amount == order.total
    assert Sku.objects.get(pk=mall.sku_a.pk).stock == 10  # returned once, at cancellation


def test_the_payment_closes_when_none_of_its_orders_waits_for_it(
    mall, django_capture_on_commit_callbacks
):
    items = (CheckoutItem(mall.sku_a.pk, 1), CheckoutItem(mall.sku_b.pk, 1))
    a, b = _checkout(mall, items=items)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_by_buyer(mall.buyer, a.no)
    assert Payment.objects.get().status == Payment.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_by_buyer(mall.buyer, b.no)
    assert Payment.objects.get().status == Payment.Status.CLOSED


def _fail(payment_id: int) -> None:
    payment = Payment.objects.get(pk=payment_id)
    event = PaymentEvent(payment.no, payment.amount, TradeState.FAILED)
    payments.apply_payment_event(payment.gateway, event)


def test_a_failed_payment_is_replaced_and_its_late_money_goes_back(mall):
    a, b = _checkout(mall, items=(CheckoutItem(mall.sku_a.pk, 1), CheckoutItem(mall.sku_b.pk, 1)))
    first = a.payment_id
    assert pending_payment_for(mall.buyer, a.no).pk == first  # still waiting: the same one
    _fail(first)
    services.cancel_by_buyer(mall.buyer, b.no)
    second = pending_payment_for(mall.buyer, a.no)
    assert second.pk != first and second.amount == a.total  # only what still waits
    pay(second.pk)
    pay(first)  # the gateway was wrong: the failed payment went through after all
    a.refresh_from_db()
    assert (a.status, a.payment_id, a.refunded) == (S.PAID, second.pk, 0)
    refunds = {(r.payment_id, r.amount, r.reference) for r in Refund.objects.all()}
    assert refunds == {(first, a.total, f"order:{a.pk}"), (first, b.total, f"order:{b.pk}")}
    with pytest.raises(OrderError):
        pending_payment_for(mall.buyer, a.no)


def _two_line_order(mall):
    other = ProductFactory(shop=mall.sku_a.shop, skus=[([], 1200, 5)]).skus.get()
    items = (CheckoutItem(mall.sku_a.pk, 2), CheckoutItem(other.pk, 1))
    (order,) = _checkout(mall, items=items)  # 5000 + 1200 goods, freight 800 + 2 × 200
    pay(order.payment_id)
    first, second = order.lines.order_by("pk")
    return order, first, second


def test_a_line_refunded_before_shipment_returns_exactly_its_share(mall):
    order, _first, second = _two_line_order(mall)
    owner = ShopMemberFactory(shop=mall.sku_a.shop)
    services.refund_line(owner, order.no, second.pk)
    with pytest.raises(TransitionRefused):
        services.refund_line(owner, order.no, second.pk)  # once
    refund = Refund.objects.get()
    assert (refund.amount, refund.reference) == (1200, f"order:{order.pk}")
    assert Sku.objects.get(pk=second.sku_id).stock == 5
    _refund_succeeds(refund)
    order.refresh_from_db()
    second.refresh_from_db()
    assert (order.status, order.refunded, second.refunded) == (S.PAID, 1200, 1200)
    assert escrow_balance(f"order:{order.pk}") == order.total - 1200
    assert order.events.last().reason.startswith("商家退款")
    services.ship(owner, order.no, carrier="SF", tracking_no="SF1234567890123")
    order.refresh_from_db()
    assert order.status == S.SHIPPED  # the refunded line is not waiting to ship


def test_refunding_the_last_line_refunds_the_rest_of_the_order_freight_included(mall):
    order, first, second = _two_line_order(mall)
    owner = ShopMemberFactory(shop=mall.sku_a.shop)
    services.refund_line(owner, order.no, second.pk)
    services.refund_line(owner, order.no, first.pk)
    order.refresh_from_db()
    assert order.status == S.REFUNDING
    amounts = sorted(Refund.objects.values_list("amount", flat=True))
    assert amounts == sorted([1200, order.total - 1200])
    for refund in Refund.objects.all():
        _refund_succeeds(refund)
    order.refresh_from_db()
    assert (order.status, order.refunded) == (S.REFUNDED, order.total)
    assert escrow_balance(f"order:{order.pk}") == 0
    assert Sku.objects.get(pk=mall.sku_a.pk).stock == 10
    assert Sku.objects.get(pk=second.sku_id).stock == 5


def test_the_buyer_cancelling_after_a_line_refund_gets_the_rest(mall):
    order, _first, second = _two_line_order(mall)
    services.refund_line(ShopMemberFactory(shop=mall.sku_a.shop), order.no, second.pk)
    services.cancel_by_buyer(mall.buyer, order.no)
    assert sum(Refund.objects.values_list("amount", flat=True)) == order.total
    assert Sku.objects.get(pk=mall.sku_a.pk).stock == 10


def test_only_owners_managers_and_service_refund_lines_of_their_shop(mall):
    order, first, second = _two_line_order(mall)
    for member in (ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.SHIPPING),
                   ShopMemberFactory(shop=mall.sku_b.shop)):  # fmt: skip
        with pytest.raises(Http404):
            services.refund_line(member, order.no, second.pk)
    service = ShopMemberFactory(shop=mall.sku_a.shop, role=ShopMember.Role.SERVICE)
    services.ship(ShopMemberFactory(shop=mall.sku_a.shop), order.no, carrier="SF",
                  tracking_no="SF1234567890123", quantities={first.pk: 1})  # fmt: skip
    with pytest.raises(TransitionRefused):
        services.refund_line(service, order.no, first.pk)  # part of it shipped
    services.refund_line(service, order.no, second.pk)
    assert Refund.objects.get().amount == 1200


def test_settlement_waits_for_a_line_refund_and_charges_commission_on_what_was_kept(mall, settings):
    settings.AFTERSALES_WINDOW_DAYS = 0
    order, _first, second = _two_line_order(mall)
    owner = ShopMemberFactory(shop=mall.sku_a.shop)
    services.refund_line(owner, order.no, second.pk)
    services.ship(owner, order.no, carrier="SF", tracking_no="SF1234567890123")
    services.confirm_receipt(mall.buyer, order.no)
    assert tasks.settle_orders() == 0  # the refund is not back yet
    _refund_succeeds(Refund.objects.get())
    assert tasks.settle_orders() == 1
    rate = commission_rate_bp(mall.sku_a.shop, mall.sku_a.product.category)
    commission = (5000 * rate + 5000) // 10000
    assert account_balance(f"payable:{mall.sku_a.shop_id}") == -(order.total - 1200 - commission)


def test_checking_out_a_cart_of_two_shops_takes_a_bounded_number_of_queries(
    mall, django_assert_max_num_queries
):
    """The benchmark's basket shape (3 lines of one shop, 2 of another): a fixed set of reads
    (the promotions' rules warm in the cache; the shopper's profile and coupons), then one
    statement per kind of row written and one conditional UPDATE per SKU."""
    more_a = [ProductFactory(shop=mall.sku_a.shop, skus=[([], 100, 9)]).skus.get() for _ in "12"]
    more_b = ProductFactory(shop=mall.sku_b.shop, skus=[([], 100, 9)]).skus.get()
    fill_cart(mall.buyer, *((sku, 1) for sku in (mall.sku_a, *more_a, mall.sku_b, more_b)))
    promotion_selectors.active_rules()
    with django_assert_max_num_queries(25):
        orders = _checkout(mall)
    assert sorted(line.sku_id for o in orders for line in o.lines.all()) == sorted(
        s.pk for s in (mall.sku_a, *more_a, mall.sku_b, more_b)
    )
    assert CheckoutSubmission.objects.get().order_ids == [o.pk for o in orders]
    assert cart_selectors.selected_items(mall.buyer) == []
