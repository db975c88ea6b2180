"""Placing orders: one submission → one order per shop (拆单), stock taken, one payment for all.

Prices come only from the server (cart.selectors.pricing_lines → pricing.price_checkout); the
idempotency key makes a retried submission return the orders of the first one.
"""

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.cart import pricing as cart_pricing
from mall.cart import selectors as cart_selectors
from mall.cart import services as cart_services
from mall.cart.errors import ItemsUnavailable
from mall.cart.models import MAX_LINE_QUANTITY
from mall.catalog.models import Sku
from mall.coupons import services as coupon_services
from mall.coupons.errors import CouponUnavailable
from mall.customers import selectors as customer_selectors
from mall.inventory.services import OutOfStock, StockItem, take_stock
from mall.merchants import selectors as merchant_selectors
from mall.merchants.models import Shop
from mall.orders.errors import IdempotencyConflict, OrderError, TransitionRefused
from mall.orders.funding import funding_of
from mall.orders.models import CheckoutSubmission, Order, OrderEvent, OrderLine, OrderStatus
from mall.orders.problems import problem_text
from mall.payments import selectors as payment_selectors
from mall.payments import services as payments
from mall.pricing.breakdown import AppliedRule, GiftLine, PriceBreakdown, PricedLine, ShopPrice
from mall.pricing.rules import Coupon
from mall.promotions import services as promotion_services
from mall.promotions.errors import BudgetExhausted
from mall.shipping.selectors import freight_templates_for_shops

NOTE_MAX_LENGTH = 200
ORDER_NO_SCRAMBLE = 48_271  # coprime with 10⁸, so pk → 8 digits is one-to-one


@dataclass(frozen=True)
class CheckoutItem:
    sku_id: int
    quantity: int


@dataclass(frozen=True)
class CheckoutRequest:
    """What the buyer submitted. `items` None = the selected lines of the buyer's cart."""

    address_id: int
    items: tuple[CheckoutItem, ...] | None = None
    note: str = ""
    gateway: str = "sandbox"
    coupon_ids: tuple[int, ...] | None = None  # None = the best for the buyer; () = none
    expected_total: int | None = None  # what the buyer was shown; another price is refused

    def body_hash(self) -> str:
        items = None if self.items is None else sorted((i.sku_id, i.quantity) for i in self.items)
        coupons = None if self.coupon_ids is None else sorted(self.coupon_ids)
        body = {"address_id": self.address_id, "items": items, "note": self.note,
                "gateway": self.gateway, "coupons": coupons}  # fmt: skip
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def place_orders(*, user, request: CheckoutRequest, key: str) -> list[Order]:
    """Create the orders of one checkout, or return those a submission with this key made."""
    body_hash = request.body_hash()
    replayed = _replay(user, key, body_hash)
    if replayed is not None:
        return replayed
    from_cart = request.items is None
    items = _checkout_items(user, request)
    address = customer_selectors.get_address(user, request.address_id)
    quote = _price(user, items, address.region_code, request.coupon_ids)
    if request.expected_total is not None and request.expected_total != quote.breakdown.total:
        raise OrderError(_("价格有变化（例如限时优惠刚刚结束），请确认新的应付金额后再提交"))
    try:
        with transaction.atomic():
            orders, lines = _create_orders(
                user, quote.breakdown, quote.skus, address.snapshot(), request.note
            )
            _use_promotions(user, quote.breakdown, {order.shop_id: order.pk for order in orders})
            payment = _create_payment(user, orders, request.gateway)
            Order.objects.bulk_update(orders, ["no", "payment_id"])
            if from_cart:
                cart_services.remove_skus(user, [item.sku_id for item in items])
            # A concurrent submission with the same key waits here on the unique index, then
            # fails and returns this one's orders; the SKU rows are not locked yet.
            CheckoutSubmission.objects.create(
                user=user, key=key, body_hash=body_hash,
                order_ids=[order.pk for order in orders], payment_id=payment.pk,
            )  # fmt: skip
            # Last: the SKU rows stay locked only from here to the commit.
            _take_stock(lines)
    except IntegrityError:
        replayed = _replay(user, key, body_hash)
        if replayed is None:
            raise
        return replayed
    return orders


@dataclass(frozen=True)
class PreviewLine:
    sku: Sku
    price: PricedLine


@dataclass(frozen=True)
class PreviewGift:
    sku: Sku
    quantity: int


@dataclass(frozen=True)
class PreviewShop:
    shop: Shop
    price: ShopPrice
    lines: tuple[PreviewLine, ...]
    gifts: tuple[PreviewGift, ...] = ()


@dataclass(frozen=True)
class CheckoutPreview:
    """What the checkout page shows before the buyer submits: the server's own prices."""

    breakdown: PriceBreakdown
    shops: tuple[PreviewShop, ...]
    coupons: dict[int, Coupon]  # the buyer's wallet, by id, for the coupon choice

    @property
    def saved(self) -> int:
        """Everything the promotions take off: goods discounts and waived freight."""
        return self.breakdown.discount + sum(s.freight_discount for s in self.breakdown.shops)


def preview(
    user,
    items: tuple[CheckoutItem, ...] | None,
    region_code: str | None,
    coupon_ids: tuple[int, ...] | None = None,
) -> CheckoutPreview:
    """The price of these items (None: the cart's selection) delivered to the region, with
    these coupons (None: the best ones)."""
    resolved = _checkout_items(user, CheckoutRequest(address_id=0, items=items))
    quote = _quote(user, resolved, region_code, coupon_ids)
    skus = quote.skus
    shops = tuple(
        PreviewShop(
            shop=skus[shop.lines[0].sku_id].product.shop,
            price=shop,
            lines=tuple(PreviewLine(skus[line.sku_id], line) for line in shop.lines),
            gifts=tuple(PreviewGift(skus[gift.sku_id], gift.quantity) for gift in shop.gifts),
        )
        for shop in quote.breakdown.shops
    )
    return CheckoutPreview(breakdown=quote.breakdown, shops=shops, coupons=quote.coupons)


def payment_url(order: Order) -> str:
    """Where the buyer's browser pays the payment that covers this order (a page)."""
    return payments.cashier_url(payment_selectors.payment_by_id(order.payment_id))


def payment_target(order: Order) -> str:
    """What an app needs to pay it: as `payment_url`, but WeChat Pay's code_url itself."""
    return payments.checkout_url(payment_selectors.payment_by_id(order.payment_id))


def pending_payment_for(user, no: str):
    """The payment to pay an unpaid order with: its own while that still waits, otherwise (the
    gateway said failed or closed) a new one for the orders that shared it and still wait."""
    order = Order.objects.filter(buyer=user, no=no, deleted_by_buyer=False).first()
    if order is None:
        raise Http404
    with transaction.atomic():
        waiting = list(
            Order.objects.select_for_update()
            .filter(buyer=user, payment_id=order.payment_id, status=OrderStatus.PENDING_PAYMENT)
            .order_by("pk")
        )
        if order.pk not in {o.pk for o in waiting}:
            raise TransitionRefused(_("这笔订单不需要付款"))
        payment = payment_selectors.payment_by_id(order.payment_id)
        if payment.pending:
            return payment
        payment = _create_payment(user, waiting, payment.gateway)
        Order.objects.bulk_update(waiting, ["payment_id"])
        return payment


def _replay(user, key: str, body_hash: str) -> list[Order] | None:
    submission = CheckoutSubmission.objects.filter(user=user, key=key).first()
    if submission is None:
        return None
    if submission.body_hash != body_hash:
        raise IdempotencyConflict(_("这个提交标识已用于另一份订单内容，请刷新结算页后重新提交"))
    return list(Order.objects.filter(pk__in=submission.order_ids).order_by("pk"))


def _checkout_items(user, request: CheckoutRequest) -> list[CheckoutItem]:
    if request.items is None:
        items = [
            CheckoutItem(item.sku_id, item.quantity) for item in cart_selectors.selected_items(user)
        ]
    else:
        items = list(request.items)
    if not items:
        raise OrderError(_("请先选择要购买的商品"))
    if len({item.sku_id for item in items}) != len(items):
        raise OrderError(_("同一商品规格只能出现一次"))
    if any(not 1 <= item.quantity <= MAX_LINE_QUANTITY for item in items):
        raise OrderError(_("购买数量须在 1 到 %(max)s 件之间") % {"max": MAX_LINE_QUANTITY})
    if len(request.note) > NOTE_MAX_LENGTH:
        raise OrderError(_("留言最多 %(max)s 个字") % {"max": NOTE_MAX_LENGTH})
    return items


@dataclass(frozen=True)
class Quote:
    breakdown: PriceBreakdown
    skus: dict[int, Sku]  # the items' SKUs and gifts, with their product, shop and category
    coupons: dict[int, Coupon]  # the buyer's wallet it was priced with


def _price(
    user, items: list[CheckoutItem], region_code: str, coupon_ids: tuple[int, ...] | None
) -> Quote:
    """The quote an order can be placed at: deliverable, and nothing in the way of buying it
    as priced (a minimum quantity not reached, a chosen coupon that cannot be used)."""
    quote = _quote(user, items, region_code, coupon_ids)
    if quote.breakdown.problems:
        raise OrderError(problem_text(quote.breakdown.problems[0], quote.skus))
    if not quote.breakdown.deliverable:
        shop_ids = [shop.shop_id for shop in quote.breakdown.shops if not shop.deliverable]
        names = "、".join(Shop.objects.filter(pk__in=shop_ids).values_list("name", flat=True))
        raise OrderError(
            _("“%(shops)s”的商品不配送到所选地址，请更换收货地址或移除这些商品") % {"shops": names}
        )
    return quote


def _quote(
    user, items: list[CheckoutItem], region_code: str | None, coupon_ids: tuple[int, ...] | None
) -> Quote:
    try:
        skus = cart_selectors.buyable_skus(items)
    except ItemsUnavailable as exc:
        raise OrderError(exc.message) from exc
    lines = cart_selectors.pricing_lines(items, skus)
    templates = freight_templates_for_shops(sorted({line.shop_id for line in lines}))
    context = cart_pricing.context_for(user, skus)
    breakdown = context.price(lines, templates, region_code=region_code, coupon_choice=coupon_ids)
    gift_ids = {gift.sku_id for shop in breakdown.shops for gift in shop.gifts} - skus.keys()
    if gift_ids:
        skus |= cart_selectors.skus_by_id(gift_ids)
    return Quote(breakdown, skus, {coupon.id: coupon for coupon in context.coupons})


def _use_promotions(user, breakdown: PriceBreakdown, order_ids_by_shop: dict[int, int]) -> None:
    """Consume the coupons and the campaign budgets this price was given with, in the orders'
    transaction: a coupon another checkout used a moment ago, or a budget that ran out, fails
    the whole checkout rather than placing it half-discounted."""
    coupon_ids = [
        int(applied.key.removeprefix("coupon:"))
        for applied in breakdown.applied
        if applied.key.startswith("coupon:")
    ]
    try:
        if coupon_ids:
            orders_by_shop = {shop: [order] for shop, order in order_ids_by_shop.items()}
            coupon_services.consume(user, coupon_ids, order_ids_by_shop=orders_by_shop)
        promotion_services.reserve_budgets(breakdown.applied, order_ids_by_shop=order_ids_by_shop)
    except (CouponUnavailable, BudgetExhausted) as exc:
        raise OrderError(exc.message) from exc


def _create_orders(
    user, breakdown: PriceBreakdown, skus: dict[int, Sku], address: dict, note: str
) -> tuple[list[Order], list[OrderLine]]:
    """Orders, their lines (names, specs and pictures as they are now) and first events."""
    orders = Order.objects.bulk_create(
        _order(user, shop, breakdown.applied, address, note) for shop in breakdown.shops
    )
    today = timezone.localdate().strftime("%Y%m%d")
    for order in orders:
        order.no = f"{today}{order.pk * ORDER_NO_SCRAMBLE % 10**8:08d}"  # written with the payment
    rates = merchant_selectors.commission_rates(
        (sku.shop_id, sku.product.category_id) for sku in skus.values()
    )
    lines = OrderLine.objects.bulk_create(
        [
            *(
                _order_line(order, line, skus[line.sku_id], rates)
                for order, shop in zip(orders, breakdown.shops, strict=True)
                for line in shop.lines
            ),
            *(
                _gift_line(order, gift, skus[gift.sku_id])
                for order, shop in zip(orders, breakdown.shops, strict=True)
                for gift in shop.gifts
            ),
        ]
    )
    OrderEvent.objects.bulk_create(
        OrderEvent(
            order=order, to_status=OrderStatus.PENDING_PAYMENT, actor=user, reason=_("提交订单")
        )
        for order in orders
    )
    return orders, lines


def _order(
    user, shop: ShopPrice, applied: Sequence[AppliedRule], address: dict, note: str
) -> Order:
    return Order(
        no=uuid.uuid4().hex,  # unique placeholder until the pk gives the real number
        shop_id=shop.shop_id,
        buyer=user,
        goods=shop.goods,
        discount=shop.discount,
        freight=shop.freight,
        total=shop.total,
        breakdown={**shop.to_dict(), "funding": funding_of(shop, applied)},
        address=address,
        note=note,
    )


def _order_line(order: Order, line, sku: Sku, rates: dict[tuple[int, int], int]) -> OrderLine:
    """The line as the buyer bought it, with the commission rate it will settle at."""
    return OrderLine(
        order=order,
        sku=sku,
        product_id=sku.product_id,
        product_name=sku.product.name[:120],
        spec_label=sku.spec_label[:200],
        image=sku.image or sku.product.cover,
        unit_price=line.unit_price,
        quantity=line.quantity,
        goods=line.goods,
        discount=line.discount,
        total=line.total,
        commission_rate_bp=rates[sku.shop_id, sku.product.category_id],
    )


def _gift_line(order: Order, gift: GiftLine, sku: Sku) -> OrderLine:
    """A 买赠 gift: shipped with the order, free, carrying no commission."""
    return OrderLine(
        order=order,
        sku=sku,
        product_id=sku.product_id,
        product_name=sku.product.name[:120],
        spec_label=sku.spec_label[:200],
        image=sku.image or sku.product.cover,
        unit_price=0,
        quantity=gift.quantity,
        goods=0,
        total=0,
        commission_rate_bp=0,
        is_gift=True,
    )


def _take_stock(lines: Sequence[OrderLine]) -> None:
    try:
        take_stock(
            (StockItem(line.sku_id, line.quantity, f"order:{line.order_id}") for line in lines),
            savepoint=False,  # a short SKU fails the whole checkout's transaction
        )
    except OutOfStock as exc:
        raise OrderError(exc.message) from exc


def _create_payment(user, orders: Sequence[Order], gateway: str):
    amount = sum(order.total for order in orders)
    subject = _("沪上商城订单 %(no)s") % {"no": orders[0].no}
    if len(orders) > 1:
        subject = _("沪上商城订单 %(no)s 等 %(count)s 笔") % {
            "no": orders[0].no,
            "count": len(orders),
        }
    try:
        payment = payments.create_payment(
            buyer=user,
            amount=amount,
            subject=subject,
            allocations=[(f"order:{order.pk}", order.total) for order in orders],
            gateway=gateway,
        )
    except ValidationError as exc:
        raise OrderError("；".join(exc.messages)) from exc
    for order in orders:
        order.payment_id = payment.pk
    return payment
