"""What every gateway offers the payment services, and the values that cross that boundary.
Gateways verify what they receive and call out; the real ones never touch the database."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from mall.payments.transport import HttpResult, Transport

if TYPE_CHECKING:
    from mall.payments.models import Payment, Refund


class InvalidNotification(Exception):
    """Forged, altered, stale or not ours: change nothing and answer the failure reply."""


class GatewayError(Exception):
    """A call to the gateway failed in a way worth retrying (network, 5xx, bad signature)."""


@dataclass(frozen=True)
class NotifyRequest:
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"


class TradeState(StrEnum):
    PAID = "paid"
    PENDING = "pending"  # waiting, or unknown to the gateway yet
    CLOSED = "closed"
    FAILED = "failed"


@dataclass(frozen=True)
class PaymentEvent:
    """A verified statement about a payment: its number, the amount the gateway saw, state."""

    payment_no: str
    amount: int
    state: TradeState
    trade_no: str = ""


class RefundState(StrEnum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"
    FAILED = "failed"


@dataclass(frozen=True)
class RefundEvent:
    refund_no: str
    amount: int
    state: RefundState
    gateway_refund_no: str = ""
    message: str = ""


class Gateway(ABC):
    code: str

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @abstractmethod
    def checkout(self, payment: "Payment", *, mobile: bool = False) -> str:
        """What the buyer needs to pay: a URL to send them to, or a QR code's content."""

    @abstractmethod
    def parse_notification(self, request: NotifyRequest) -> PaymentEvent | RefundEvent:
        """Verify an asynchronous notification; raise InvalidNotification if anything is off."""

    @abstractmethod
    def reply(self, accepted: bool) -> Reply:
        """The exact answer the gateway expects."""

    @abstractmethod
    def query(self, payment: "Payment") -> PaymentEvent:
        """Ask the gateway what became of a payment."""

    @abstractmethod
    def refund(self, refund: "Refund") -> RefundEvent:
        """Ask for a refund (idempotent by refund.no on the gateway's side)."""

    @abstractmethod
    def query_refund(self, refund: "Refund") -> RefundEvent:
        """Ask what became of a refund; unknown ones are PENDING, never FAILED."""

    def call(self, method: str, url: str, headers: Mapping[str, str], body: bytes) -> HttpResult:
        try:
            return self.transport(method, url, headers, body)
        except OSError as exc:  # DNS, refused, timeout, TLS
            raise GatewayError(f"{self.code}: {exc}") from exc
