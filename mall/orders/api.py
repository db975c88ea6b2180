"""JSON API for checkout and the buyer's orders (session auth). Money is integer fen; the
client never sends a price. POST /checkout needs an Idempotency-Key header."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema, Status

from mall.cart.models import MAX_LINE_QUANTITY
from mall.customers.api import ShopperSession
from mall.orders import checkout, selectors, services
from mall.orders.checkout import NOTE_MAX_LENGTH, CheckoutItem, CheckoutRequest
from mall.orders.errors import OrderError
from mall.orders.forms import MAX_ID
from mall.orders.models import Order
from mall.payments import services as payments

router = Router(tags=["订单"], auth=ShopperSession())


class ItemIn(Schema):
    sku_id: int = Field(ge=1, le=MAX_ID)
    quantity: int = Field(ge=1, le=MAX_LINE_QUANTITY)


class CheckoutIn(Schema):
    address_id: int = Field(ge=1, le=MAX_ID)
    items: list[ItemIn] | None = Field(
        None, max_length=120, description="立即购买的商品；不传则结算购物车中已勾选的商品"
    )
    note: str = Field("", max_length=NOTE_MAX_LENGTH)
    gateway: str = Field("sandbox", max_length=16, description="sandbox / alipay / wechat")
    coupon_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        None,
        max_length=20,
        description="使用的优惠券（我的优惠券编号）；不传则自动选择最优，[] 表示不用券",
    )
    expected_total: int | None = Field(
        None, ge=0, le=MAX_ID, description="展示给买家的应付总额（分）；与服务端不一致时拒绝下单"
    )

    def as_request(self) -> CheckoutRequest:
        items = None
        if self.items is not None:
            items = tuple(CheckoutItem(item.sku_id, item.quantity) for item in self.items)
        coupons = None if self.coupon_ids is None else tuple(dict.fromkeys(self.coupon_ids))
        return CheckoutRequest(
            address_id=self.address_id, items=items, note=self.note, gateway=self.gateway,
            coupon_ids=coupons, expected_total=self.expected_total,
        )  # fmt: skip


class LineOut(Schema):
    sku_id: int | None
    product_name: str
    spec_label: str
    unit_price: int
    quantity: int
    goods: int
    discount: int
    total: int
    shipped_quantity: int
    refunded: int


class OrderOut(Schema):
    no: str
    shop_id: int
    status: str
    status_display: str
    goods: int
    discount: int
    freight: int
    total: int
    refunded: int
    created_at: datetime
    lines: list[LineOut]

    @staticmethod
    def resolve_status_display(order: Order) -> str:
        return order.get_status_display()


class ShipmentOut(Schema):
    carrier: str
    tracking_no: str
    created_at: datetime


class EventOut(Schema):
    from_status: str
    to_status: str
    reason: str
    at: datetime


class OrderDetailOut(OrderOut):
    address: dict
    note: str
    breakdown: dict
    shipments: list[ShipmentOut]
    events: list[EventOut]
    actions: list[str] = Field(description="买家现在可做的操作：pay / cancel / confirm / delete")

    @staticmethod
    def resolve_actions(order: Order) -> list[str]:
        return sorted(services.buyer_actions(order))


class CheckoutOut(Schema):
    orders: list[OrderOut]
    payment_id: int
    total: int
    pay_url: str


class Error(Schema):
    detail: str


# What every endpoint may answer besides its success: bad characters or parameters (400/422
# from the site's middleware and validation), not signed in (401), no CSRF token (403), not
# found or not yours (404).
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


@router.post(
    "/checkout",
    response={201: CheckoutOut, 409: Error, **ERRORS},
    summary="提交订单（按店铺拆单，一笔支付）",
)
def place(
    request: HttpRequest,
    body: CheckoutIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=8, max_length=64),
):
    try:
        orders = checkout.place_orders(
            user=request.user, request=body.as_request(), key=idempotency_key
        )
    except OrderError as error:
        return Status(error.status, {"detail": error.message})
    return Status(
        201,
        {
            "orders": orders,
            "payment_id": orders[0].payment_id,
            "total": sum(order.total for order in orders),
            "pay_url": checkout.payment_target(orders[0]),
        },
    )


@router.get("/orders", response={200: list[OrderOut], **ERRORS}, summary="我的订单")
def my_orders(
    request: HttpRequest,
    status: Literal["", "unpaid", "paid", "shipped", "completed", "cancelled"] = "",
    offset: int = Query(0, ge=0),
    limit: int = Query(20, ge=1, le=50),
):
    return selectors.buyer_orders(request.user, status)[offset : offset + limit]


@router.get("/orders/{no}", response={200: OrderDetailOut, **ERRORS}, summary="订单详情")
def order_detail(request: HttpRequest, no: str):
    return selectors.buyer_order(request.user, no)


class PayOut(Schema):
    payment_id: int
    pay_url: str


@router.post(
    "/orders/{no}/pay", response={200: PayOut, 409: Error, **ERRORS},
    summary="去付款（原支付单失败或关闭时重新发起）",
)  # fmt: skip
def pay(request: HttpRequest, no: str):
    try:
        payment = checkout.pending_payment_for(request.user, no)
    except OrderError as error:
        return Status(error.status, {"detail": error.message})
    return Status(200, {"payment_id": payment.pk, "pay_url": payments.checkout_url(payment)})


def _act(request: HttpRequest, no: str, action) -> Status:
    try:
        action(request.user, no)
    except OrderError as error:
        return Status(error.status, {"detail": error.message})
    return Status(200, selectors.buyer_order(request.user, no))


@router.post(
    "/orders/{no}/cancel", response={200: OrderDetailOut, 409: Error, **ERRORS},
    summary="取消订单（已付款未发货的全额退款）",
)  # fmt: skip
def cancel(request: HttpRequest, no: str):
    return _act(request, no, services.cancel_by_buyer)


@router.post(
    "/orders/{no}/confirm", response={200: OrderDetailOut, 409: Error, **ERRORS},
    summary="确认收货",
)  # fmt: skip
def confirm(request: HttpRequest, no: str):
    return _act(request, no, services.confirm_receipt)
