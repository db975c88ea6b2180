from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from mall.api.schemas import Error
from mall.core.money import format_fen
from mall.customers.api import ShopperSession
from mall.payments import selectors

router = Router(tags=["支付"], auth=ShopperSession())


class PaymentOut(Schema):
    no: str
    status: str
    status_display: str
    gateway: str
    amount: int
    amount_display: str
    refunded_amount: int
    created_at: datetime
    paid_at: datetime | None


@router.get(
    "/{payment_no}",
    response={200: PaymentOut, 400: Error, 401: Error, 404: Error},
    summary="支付单状态（仅限本人）",
)
def payment_status(request: HttpRequest, payment_no: str) -> PaymentOut:
    payment = selectors.payment_of(request.user, payment_no)
    return PaymentOut(
        no=payment.no,
        status=payment.status,
        status_display=payment.get_status_display(),
        gateway=payment.gateway,
        amount=payment.amount,
        amount_display=format_fen(payment.amount),
        refunded_amount=payment.refunded_amount,
        created_at=payment.created_at,
        paid_at=payment.paid_at,
    )
