"""Alipay open platform (RSA2): 电脑网站支付 alipay.trade.page.pay, 手机网站支付
alipay.trade.wap.pay, alipay.trade.query, alipay.trade.refund, alipay.trade.fastpay.refund.query."""

import json
import logging
import re
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils import timezone

from mall.core.money import fen_to_yuan_str, yuan_to_fen
from mall.payments import conf, crypto
from mall.payments.gateways.base import (
    Gateway,
    GatewayError,
    InvalidNotification,
    NotifyRequest,
    PaymentEvent,
    RefundEvent,
    RefundState,
    Reply,
    TradeState,
)
from mall.payments.gateways.signing import sign_params, verify_params
from mall.payments.transport import Transport

if TYPE_CHECKING:
    from mall.payments.models import Payment, Refund

logger = logging.getLogger("mall.payments.alipay")

REQUEST_UNSIGNED = frozenset({"sign"})
NOTIFY_UNSIGNED = frozenset({"sign", "sign_type"})
TRADE_STATES = {
    "TRADE_SUCCESS": TradeState.PAID,
    "TRADE_FINISHED": TradeState.PAID,
    "WAIT_BUYER_PAY": TradeState.PENDING,
    "TRADE_CLOSED": TradeState.CLOSED,
}
YUAN = re.compile(r"\d{1,10}\.\d{2}")  # Alipay's amounts: yuan with exactly two decimals
SUCCESS_CODE = "10000"
BUSINESS_FAILURE_CODE = "40004"


class AlipayGateway(Gateway):
    code = "alipay"
    trade_states = TRADE_STATES

    def __init__(self, transport: Transport, settings: Mapping[str, str]) -> None:
        super().__init__(transport)
        self.app_id = settings["app_id"]
        self.seller_id = settings["seller_id"]
        self.gateway_url = settings["gateway_url"]
        self.private_key = crypto.load_private_key(settings["private_key_path"])
        self.public_key = crypto.load_public_key(settings["public_key_path"])

    # --- buyer ----------------------------------------------------------------------------
    def checkout(self, payment: "Payment", *, mobile: bool = False) -> str:
        method, product = (
            ("alipay.trade.wap.pay", "QUICK_WAP_WAY")
            if mobile
            else ("alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY")
        )
        biz = {
            "out_trade_no": payment.no,
            "total_amount": fen_to_yuan_str(payment.amount),
            "subject": payment.subject,
            "product_code": product,
            "time_expire": timezone.localtime(payment.expires_at).strftime("%Y-%m-%d %H:%M:%S"),
        }
        extra = {
            "notify_url": f"{conf.notify_base_url()}/pay/notify/alipay/",
            "return_url": f"{conf.site_url()}/pay/return/{payment.no}/",
        }
        return f"{self.gateway_url}?{urllib.parse.urlencode(self.signed(method, biz, extra))}"

    def signed(self, method: str, biz: dict, extra: Mapping[str, str] | None = None) -> dict:
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
            **(extra or {}),
        }
        params["sign"] = sign_params(params, self.private_key, exclude=REQUEST_UNSIGNED)
        return params

    # --- notifications --------------------------------------------------------------------
    def parse_notification(self, request: NotifyRequest) -> PaymentEvent:
        params = _form(request.body)
        if params.get("sign_type") != "RSA2":
            raise InvalidNotification("sign_type is not RSA2")
        if not verify_params(params, self.public_key, exclude=NOTIFY_UNSIGNED):
            raise InvalidNotification("signature does not verify")
        self._check_parties(params)
        return self._event(params)

    def reply(self, accepted: bool) -> Reply:
        return Reply(200, b"success" if accepted else b"fail")

    def _check_parties(self, params: Mapping[str, str]) -> None:
        if params.get("app_id") != self.app_id:
            raise InvalidNotification("app_id is not ours")
        if self.seller_id and params.get("seller_id") != self.seller_id:
            raise InvalidNotification("seller_id is not ours")

    def _event(self, params: Mapping[str, str]) -> PaymentEvent:
        state = self.trade_states.get(params.get("trade_status", ""))
        if state is None:
            raise InvalidNotification(f"unknown trade_status {params.get('trade_status')!r}")
        total = params.get("total_amount", "")
        if not YUAN.fullmatch(total):
            raise InvalidNotification(f"total_amount {total!r} is not a yuan amount")
        return PaymentEvent(
            params.get("out_trade_no", ""), yuan_to_fen(total), state, params.get("trade_no", "")
        )

    # --- calls ----------------------------------------------------------------------------
    def query(self, payment: "Payment") -> PaymentEvent:
        answer = self._call("alipay.trade.query", {"out_trade_no": payment.no})
        if answer.get("code") != SUCCESS_CODE:
            if answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
                return PaymentEvent(payment.no, payment.amount, TradeState.PENDING)
            raise GatewayError(f"alipay query: {answer.get('sub_code') or answer.get('code')}")
        return self._event(answer)

    def refund(self, refund: "Refund") -> RefundEvent:
        answer = self._call(
            "alipay.trade.refund",
            {
                "out_trade_no": refund.payment.no,
                "refund_amount": fen_to_yuan_str(refund.amount),
                "out_request_no": refund.no,
                "refund_reason": refund.reason[:256],
            },
        )
        if answer.get("code") == SUCCESS_CODE:
            return RefundEvent(refund.no, refund.amount, RefundState.SUCCEEDED)
        if answer.get("code") == BUSINESS_FAILURE_CODE:
            message = answer.get("sub_msg") or answer.get("msg", "")
            return RefundEvent(refund.no, refund.amount, RefundState.FAILED, message=message)
        raise GatewayError(f"alipay refund: {answer.get('code')} {answer.get('sub_code', '')}")

    def query_refund(self, refund: "Refund") -> RefundEvent:
        answer = self._call(
            "alipay.trade.fastpay.refund.query",
            {"out_trade_no": refund.payment.no, "out_request_no": refund.no},
        )
        done = (
            answer.get("code") == SUCCESS_CODE and answer.get("refund_status") == "REFUND_SUCCESS"
        )
        state = RefundState.SUCCEEDED if done else RefundState.PENDING
        return RefundEvent(refund.no, refund.amount, state)

    def _call(self, method: str, biz: dict) -> dict:
        """POST a signed request; return the response node once its signature verifies."""
        body = urllib.parse.urlencode(self.signed(method, biz)).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
        result = self.call("POST", self.gateway_url, headers, body)
        if result.status != 200:
            raise GatewayError(f"alipay {method}: HTTP {result.status}")
        node, signature = _response_node(result.text, method.replace(".", "_") + "_response")
        if not crypto.verify(self.public_key, node, signature):
            raise GatewayError(f"alipay {method}: response signature does not verify")
        return json.loads(node)


def _form(body: bytes) -> dict[str, str]:
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError as exc:
        raise InvalidNotification("body is not UTF-8") from exc
    return dict(pairs)


def _response_node(text: str, name: str) -> tuple[str, str]:
    """The response object's raw JSON text (what Alipay signed) and the signature."""
    try:
        document = json.loads(text)
        start = text.index(f'"{name}"')
        start = text.index("{", start)
        _value, end = json.JSONDecoder().raw_decode(text, start)
    except ValueError as exc:
        raise GatewayError(f"alipay: malformed response for {name}") from exc
    return text[start:end], str(document.get("sign", ""))
