"""WeChat Pay API v3: Native (code_url) and JSAPI prepay, signed requests
(WECHATPAY2-SHA256-RSA2048), signed and AES-256-GCM-encrypted notifications, query and refund."""

import json
import secrets
import time
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

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
from mall.payments.transport import HttpResult, Transport

if TYPE_CHECKING:
    from mall.payments.models import Payment, Refund

MAX_CLOCK_SKEW_SECONDS = 300
TRADE_STATES = {
    "SUCCESS": TradeState.PAID,
    "REFUND": TradeState.PAID,  # paid, then (partly) refunded
    "NOTPAY": TradeState.PENDING,
    "USERPAYING": TradeState.PENDING,
    "CLOSED": TradeState.CLOSED,
    "REVOKED": TradeState.CLOSED,
    "PAYERROR": TradeState.FAILED,
}
REFUND_STATES = {
    "SUCCESS": RefundState.SUCCEEDED,
    "PROCESSING": RefundState.PENDING,
    "CLOSED": RefundState.FAILED,
    "ABNORMAL": RefundState.FAILED,
}


class WechatPayGateway(Gateway):
    code = "wechat"

    def __init__(self, transport: Transport, settings: Mapping[str, str]) -> None:
        super().__init__(transport)
        self.mchid = settings["mchid"]
        self.appid = settings["appid"]
        self.serial = settings["cert_serial"]
        self.apiv3_key = settings["apiv3_key"]
        self.api_base = settings["api_base"].rstrip("/")
        self.private_key = crypto.load_private_key(settings["private_key_path"])
        self.platform_keys = platform_keys(Path(settings["platform_certs_dir"]))

    # --- buyer ----------------------------------------------------------------------------
    def checkout(self, payment: "Payment", *, mobile: bool = False) -> str:
        """Native payment: the code_url the buyer scans with WeChat."""
        answer = self._request("POST", "/v3/pay/transactions/native", self._order(payment))
        return str(answer["code_url"])

    def jsapi(self, payment: "Payment", openid: str) -> dict[str, str]:
        """JSAPI (inside WeChat): signed parameters for WeixinJSBridge getBrandWCPayRequest."""
        body = self._order(payment) | {"payer": {"openid": openid}}
        prepay_id = self._request("POST", "/v3/pay/transactions/jsapi", body)["prepay_id"]
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        package = f"prepay_id={prepay_id}"
        message = f"{self.appid}\n{timestamp}\n{nonce}\n{package}\n"
        return {
            "appId": self.appid,
            "timeStamp": timestamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": crypto.sign(self.private_key, message),
        }

    def _order(self, payment: "Payment") -> dict:
        return {
            "appid": self.appid,
            "mchid": self.mchid,
            "description": payment.subject[:127],
            "out_trade_no": payment.no,
            "notify_url": f"{conf.notify_base_url()}/pay/notify/wechat/",
            "amount": {"total": payment.amount, "currency": "CNY"},
            "time_expire": timezone.localtime(payment.expires_at).isoformat(timespec="seconds"),
        }

    # --- notifications --------------------------------------------------------------------
    def parse_notification(self, request: NotifyRequest) -> PaymentEvent | RefundEvent:
        self._verify_signed(request.headers, request.body, InvalidNotification)
        try:
            envelope = json.loads(request.body)
            resource = envelope["resource"]
            plain = crypto.aes_gcm_decrypt(
                self.apiv3_key,
                resource["nonce"],
                resource["ciphertext"],
                resource.get("associated_data", ""),
            )
            data = json.loads(plain)
            event_type = str(envelope["event_type"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidNotification(f"resource cannot be read: {exc}") from exc
        if data.get("mchid") != self.mchid:
            raise InvalidNotification("mchid is not ours")
        if event_type.startswith("REFUND."):
            return self._refund_event(data)
        if data.get("appid") != self.appid:
            raise InvalidNotification("appid is not ours")
        return self._payment_event(data, InvalidNotification)

    def reply(self, accepted: bool) -> Reply:
        if accepted:
            return Reply(204)
        body = json.dumps({"code": "FAIL", "message": "失败"}, ensure_ascii=False).encode()
        return Reply(400, body, "application/json")

    def _payment_event(self, data: Mapping, error: type[Exception]) -> PaymentEvent:
        state = TRADE_STATES.get(str(data.get("trade_state", "")))
        amount = (data.get("amount") or {}).get("total")
        if state is None or type(amount) is not int:
            raise error(f"unexpected trade_state/amount: {data.get('trade_state')!r}")
        return PaymentEvent(
            str(data.get("out_trade_no", "")), amount, state, str(data.get("transaction_id", ""))
        )

    def _refund_event(self, data: Mapping) -> RefundEvent:
        state = REFUND_STATES.get(str(data.get("refund_status", "")))
        amount = (data.get("amount") or {}).get("refund")
        if state is None or type(amount) is not int:
            raise InvalidNotification(f"unexpected refund_status {data.get('refund_status')!r}")
        return RefundEvent(
            str(data.get("out_refund_no", "")), amount, state, str(data.get("refund_id", ""))
        )

    # --- calls ----------------------------------------------------------------------------
    def query(self, payment: "Payment") -> PaymentEvent:
        path = f"/v3/pay/transactions/out-trade-no/{payment.no}?mchid={self.mchid}"
        answer = self._request("GET", path, None, missing_ok=True)
        if answer is None:
            return PaymentEvent(payment.no, payment.amount, TradeState.PENDING)
        if answer.get("mchid") != self.mchid or answer.get("appid") != self.appid:
            raise GatewayError("wechat query: not our merchant or app")
        return self._payment_event(answer, GatewayError)

    def refund(self, refund: "Refund") -> RefundEvent:
        body = {
            "out_trade_no": refund.payment.no,
            "out_refund_no": refund.no,
            "reason": refund.reason[:80],
            "notify_url": f"{conf.notify_base_url()}/pay/notify/wechat/",
            "amount": {"refund": refund.amount, "total": refund.payment.amount, "currency": "CNY"},
        }
        try:
            answer = self._request("POST", "/v3/refund/domestic/refunds", body)
        except RefusedError as refused:
            return RefundEvent(refund.no, refund.amount, RefundState.FAILED, message=str(refused))
        return self._refund_answer(refund, answer)

    def query_refund(self, refund: "Refund") -> RefundEvent:
        path = f"/v3/refund/domestic/refunds/{urllib.parse.quote(refund.no)}"
        answer = self._request("GET", path, None, missing_ok=True)
        if answer is None:
            return RefundEvent(refund.no, refund.amount, RefundState.PENDING)
        return self._refund_answer(refund, answer)

    def _refund_answer(self, refund: "Refund", answer: Mapping) -> RefundEvent:
        state = REFUND_STATES.get(str(answer.get("status", "")), RefundState.PENDING)
        return RefundEvent(refund.no, refund.amount, state, str(answer.get("refund_id", "")))

    def _request(self, method: str, path: str, body: dict | None, *, missing_ok: bool = False):
        payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        headers = {
            "Authorization": self.authorization(method, path, payload.decode()),
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": "hushang-mall",
        }
        result = self.call(method, self.api_base + path, headers, payload)
        if result.status == 404 and missing_ok:
            return None
        if result.status >= 500 or result.status == 429:
            raise GatewayError(f"wechat {path}: HTTP {result.status}")
        if result.status >= 400:
            raise RefusedError(_error_message(result))
        self._verify_signed(result.headers, result.body, GatewayError)
        return json.loads(result.body) if result.body else {}

    def authorization(self, method: str, path: str, body: str) -> str:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        message = f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n"
        signature = crypto.sign(self.private_key, message)
        return (
            f'WECHATPAY2-SHA256-RSA2048 mchid="{self.mchid}",nonce_str="{nonce}",'
            f'signature="{signature}",timestamp="{timestamp}",serial_no="{self.serial}"'
        )

    def _verify_signed(
        self, headers: Mapping[str, str], body: bytes, error: type[Exception]
    ) -> None:
        """Wechatpay-Signature over timestamp, nonce and body, by the named platform key,
        no more than five minutes from now."""
        key = self.platform_keys.get(headers.get("wechatpay-serial", ""))
        if key is None:
            raise error("unknown Wechatpay-Serial")
        timestamp = headers.get("wechatpay-timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
            raise error("stale or missing Wechatpay-Timestamp")
        try:
            message = f"{timestamp}\n{headers.get('wechatpay-nonce', '')}\n{body.decode()}\n"
        except UnicodeDecodeError as exc:
            raise error("body is not UTF-8") from exc
        if not crypto.verify(key, message, headers.get("wechatpay-signature", "")):
            raise error("Wechatpay-Signature does not verify")


class RefusedError(GatewayError):
    """The gateway answered 4xx: the request itself is refused (retrying will not help)."""


def platform_keys(folder: Path) -> dict[str, rsa.RSAPublicKey]:
    """Serial → public key for every PEM in the folder: platform certificates by their
    serial, bare public keys (public-key mode) by their file name."""
    keys = {}
    for path in sorted(folder.glob("*.pem")):
        serial = crypto.certificate_serial_of(path) or path.stem
        keys[serial] = crypto.load_public_key(path)
    return keys


def _error_message(result: HttpResult) -> str:
    try:
        answer = json.loads(result.body)
        return f"{answer.get('code', '')} {answer.get('message', '')}".strip()
    except ValueError:
        return f"HTTP {result.status}"
