"""The built-in sandbox gateway for development and the demo. It plays both sides: its
"server" (the cashier page's decision, recorded as a SandboxTrade) signs an Alipay-style
notification with the sandbox's own RSA key, and the mall verifies it exactly as it verifies
Alipay's, through AlipayGateway.parse_notification."""

import secrets
import urllib.parse
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from mall.core.money import fen_to_yuan_str
from mall.payments import conf, crypto
from mall.payments.gateways.alipay import TRADE_STATES, AlipayGateway
from mall.payments.gateways.base import (
    PaymentEvent,
    RefundEvent,
    RefundState,
    TradeState,
)
from mall.payments.gateways.signing import sign_params
from mall.payments.transport import Transport

if TYPE_CHECKING:
    from mall.payments.models import Payment, Refund

SANDBOX_APP_ID = "sandbox"
SUCCESS, FAILURE = "TRADE_SUCCESS", "TRADE_FAILED"


class SandboxGateway(AlipayGateway):
    code = "sandbox"
    trade_states = TRADE_STATES | {FAILURE: TradeState.FAILED}

    def __init__(self, transport: Transport) -> None:  # no super(): keys are the sandbox's own
        self.transport = transport
        self.app_id = SANDBOX_APP_ID
        self.seller_id = ""
        self.private_key = crypto.ensure_private_key(conf.sandbox_key_path())
        self.public_key = self.private_key.public_key()

    def checkout(self, payment: "Payment", *, mobile: bool = False) -> str:
        return reverse("payments:sandbox_cashier", args=[payment.no])

    def notification_body(self, payment: "Payment", trade_no: str, *, success: bool) -> bytes:
        """What the sandbox's server posts to the mall's notify endpoint, signed."""
        params = {
            "app_id": SANDBOX_APP_ID,
            "notify_time": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
            "notify_id": secrets.token_hex(16),
            "out_trade_no": payment.no,
            "trade_no": trade_no,
            "total_amount": fen_to_yuan_str(payment.amount),
            "trade_status": SUCCESS if success else FAILURE,
            "sign_type": "RSA2",
        }
        params["sign"] = sign_params(
            params, self.private_key, exclude=frozenset({"sign", "sign_type"})
        )
        return urllib.parse.urlencode(params).encode()

    def query(self, payment: "Payment") -> PaymentEvent:
        from mall.payments.models import SandboxTrade

        trade = (
            SandboxTrade.objects.filter(payment_no=payment.no)
            .order_by("-succeeded", "-created_at", "-pk")
            .first()
        )
        if trade is None:
            return PaymentEvent(payment.no, payment.amount, TradeState.PENDING)
        state = TradeState.PAID if trade.succeeded else TradeState.FAILED
        return PaymentEvent(payment.no, trade.amount, state, trade.trade_no)

    def refund(self, refund: "Refund") -> RefundEvent:
        return RefundEvent(refund.no, refund.amount, RefundState.SUCCEEDED, f"SR{refund.no}")

    def query_refund(self, refund: "Refund") -> RefundEvent:
        return self.refund(refund)
