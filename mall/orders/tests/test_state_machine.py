"""Hypothesis drives checkout → pay → ship → confirm / cancel / refund → settle in any order and
checks after every step: totals add up, refunds never exceed payments, stock is conserved,
sales count each piece paid for once and the books balance, with each order's escrow equal to
what it holds."""

import contextlib

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from mall.catalog.models import Product, Sku
from mall.ledger.selectors import escrow_balance, trial_balance, unbalanced_entries
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders import services, tasks
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import build_mall, pay
from mall.payments import services as payments
from mall.payments.gateways.base import RefundEvent, RefundState
from mall.payments.models import Payment, Refund

S = OrderStatus
GOODS_OUT = {S.PENDING_PAYMENT, S.PAID, S.SHIPPED, S.COMPLETED}
INITIAL_STOCK = {"a": 10, "b": 5}


class OrderFlow(RuleBasedStateMachine):
    @initialize()
    def open_the_mall(self):
        self.mall = build_mall()
        self.sellers = {
            sku.shop_id: ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.SHIPPING)
            for sku in (self.mall.sku_a, self.mall.sku_b)
        }
        self.service = {
            sku.shop_id: ShopMemberFactory(shop=sku.shop, role=ShopMember.Role.SERVICE)
            for sku in (self.mall.sku_a, self.mall.sku_b)
        }
        self.submissions = 0

    def _orders(self):
        return Order.objects.filter(buyer=self.mall.buyer).prefetch_related("lines")

    def _pick(self, index: int) -> Order | None:
        orders = list(self._orders().order_by("pk"))
        return orders[index % len(orders)] if orders else None

    @rule(qa=st.integers(0, 4), qb=st.integers(0, 3), far=st.booleans())
    def checkout(self, qa, qb, far):
        items = tuple(
            CheckoutItem(sku.pk, qty)
            for sku, qty in ((self.mall.sku_a, qa), (self.mall.sku_b, qb))
            if qty
        )
        address = self.mall.far_address if far else self.mall.address
        self.submissions += 1
        with contextlib.suppress(OrderError):
            place_orders(
                user=self.mall.buyer,
                request=CheckoutRequest(address.pk, items),
                key=f"machine-{self.submissions:06d}",
            )

    @rule(index=st.integers(0, 50))
    def pay(self, index):
        order = self._pick(index)
        if order is not None and order.payment_id:
            pay(order.payment_id)

    @rule(index=st.integers(0, 50), partial=st.booleans())
    def ship(self, index, partial):
        order = self._pick(index)
        if order is None:
            return
        line = order.lines.all()[0]
        quantities = {line.pk: min(1, line.unshipped_quantity)} if partial else None
        try:
            seller = self.sellers[order.shop_id]
            tracking = f"SF{order.pk:05d}{index:08d}"
            services.ship(
                seller, order.no, carrier="SF", tracking_no=tracking, quantities=quantities
            )
        except OrderError:
            pass

    @rule(index=st.integers(0, 50), line=st.integers(0, 1))
    def shop_refunds_a_line(self, index, line):
        order = self._pick(index)
        if order is None:
            return
        lines = list(order.lines.all())
        with contextlib.suppress(OrderError):
            target = lines[line % len(lines)]
            services.refund_line(self.service[order.shop_id], order.no, target.pk)

    def _buyer(self, action, index: int) -> None:
        order = self._pick(index)
        if order is not None:
            with contextlib.suppress(OrderError):
                action(self.mall.buyer, order.no)

    @rule(index=st.integers(0, 50))
    def cancel(self, index):
        self._buyer(services.cancel_by_buyer, index)

    @rule(index=st.integers(0, 50))
    def confirm(self, index):
        self._buyer(services.confirm_receipt, index)

    @rule()
    def gateway_confirms_refunds(self):
        for refund in Refund.objects.filter(status=Refund.Status.PENDING).select_related("payment"):
            event = RefundEvent(refund.no, refund.amount, RefundState.SUCCEEDED, f"G{refund.pk}")
            payments.apply_refund_event(refund.payment.gateway, event)

    @rule(sweep=st.sampled_from(["unpaid", "confirm", "settle"]))
    def time_passes(self, sweep):
        """The sweeps, as if their waiting periods were over."""
        windows = {"ORDER_PAYMENT_TIMEOUT_MINUTES": 0, "ORDER_AUTO_CONFIRM_DAYS": 0,
                   "AFTERSALES_WINDOW_DAYS": 0}  # fmt: skip
        run = {"unpaid": tasks.cancel_unpaid_orders, "confirm": tasks.auto_confirm_orders,
               "settle": tasks.settle_orders}[sweep]  # fmt: skip
        with override_settings(**windows):
            run()

    @invariant()
    def totals_add_up(self):
        for order in self._orders():
            lines = list(order.lines.all())
            assert order.goods == sum(line.goods for line in lines)
            assert order.total == order.goods - order.discount + order.freight >= 0
            assert 0 <= order.refunded <= order.total
            assert sum(line.refunded for line in lines) <= order.refunded

    @invariant()
    def refunds_never_exceed_payments(self):
        for payment in Payment.objects.filter(buyer=self.mall.buyer):
            assert 0 <= payment.refunded_amount <= payment.amount

    @invariant()
    def stock_is_conserved(self):
        for name, sku in (("a", self.mall.sku_a), ("b", self.mall.sku_b)):
            held = sum(
                line.quantity
                for order in self._orders().filter(status__in=GOODS_OUT)
                for line in order.lines.all()
                if line.sku_id == sku.pk and line.cancelled_at is None
            )
            assert Sku.objects.get(pk=sku.pk).stock + held == INITIAL_STOCK[name]

    @invariant()
    def sales_count_every_piece_paid_for_once(self):
        for sku in (self.mall.sku_a, self.mall.sku_b):
            paid_pieces = sum(
                line.quantity
                for order in self._orders().filter(paid_at__isnull=False)
                for line in order.lines.all()
                if line.product_id == sku.product_id
            )
            assert Product.objects.get(pk=sku.product_id).sales_count == paid_pieces

    @invariant()
    def books_balance_and_escrow_matches_each_order(self):
        assert trial_balance() == 0 and unbalanced_entries() == []
        paid = set(Payment.objects.filter(status=Payment.Status.PAID).values_list("pk", flat=True))
        for order in self._orders():
            received = order.total if order.payment_id in paid else 0
            expected = 0 if order.settled_at else received - order.refunded
            assert escrow_balance(f"order:{order.pk}") == expected


@pytest.mark.django_db
def test_order_flow_keeps_its_invariants():
    OrderFlow.TestCase.settings = settings(
        max_examples=20, stateful_step_count=20, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )  # fmt: skip
    OrderFlow.TestCase().runTest()
