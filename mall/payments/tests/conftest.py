import json
import secrets
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from mall.core.money import fen_to_yuan_str
from mall.customers.tests.factories import ShopperFactory
from mall.notifications.services import deliver_due
from mall.payments import crypto, services
from mall.payments.gateways.signing import canonical
from mall.payments.tests import fakes, keys

ALIPAY_APP_ID = "2021000000000001"
ALIPAY_SELLER_ID = "2088000000000001"
MCHID, APPID = "1900000109", "wxd678efh567hg6787"
APIV3_KEY = "0123456789abcdefghijklmnopqrstuv"  # 32 bytes
PLATFORM_SERIAL = 0x5157F09EFDC096DE15EBE81A47057A7232F1B8E1


def a_minute_later() -> datetime:
    """When the periodic task first queries a payment made now."""
    return timezone.now() + timedelta(seconds=61)


@pytest.fixture(autouse=True)
def _payment_settings(settings, tmp_path):
    settings.PAYMENT_SANDBOX_KEY_PATH = tmp_path / "sandbox" / "private.pem"
    settings.PAYMENT_HTTP_TRANSPORT = "mall.payments.tests.fakes.transport"
    settings.PAYMENT_NOTIFY_BASE_URL = "https://mall.example.cn"
    yield
    fakes.uninstall()


@pytest.fixture
def buyer():
    return ShopperFactory()


@pytest.fixture
def deliver():
    """Run the outbox once (what the worker does every few seconds)."""
    return deliver_due


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@dataclass
class Alipay:
    server: fakes.AlipayServer

    def notification(self, payment, **overrides) -> bytes:
        """A notification as Alipay sends it, signed with Alipay's key; `overrides` change
        fields before signing, `after_signing` changes them after."""
        after = overrides.pop("after_signing", {})
        key = overrides.pop("key", keys.key("alipay"))
        params = {
            "notify_time": "2026-11-26 10:00:00",
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": ALIPAY_APP_ID,
            "seller_id": ALIPAY_SELLER_ID,
            "charset": "utf-8",
            "version": "1.0",
            "sign_type": "RSA2",
            "trade_no": "2026112622001400000000000001",
            "out_trade_no": payment.no,
            "total_amount": fen_to_yuan_str(payment.amount),
            "trade_status": "TRADE_SUCCESS",
            "subject": payment.subject,
        } | overrides
        params["sign"] = crypto.sign(
            key, canonical(params, exclude=frozenset({"sign", "sign_type"}))
        )
        params |= after
        return urllib.parse.urlencode({k: v for k, v in params.items() if v is not None}).encode()


@pytest.fixture
def alipay(settings, tmp_path) -> Alipay:
    settings.ALIPAY_APP_ID = ALIPAY_APP_ID
    settings.ALIPAY_SELLER_ID = ALIPAY_SELLER_ID
    settings.ALIPAY_PRIVATE_KEY_PATH = _write(
        tmp_path / "alipay" / "app-private.pem", crypto.private_pem(keys.key("merchant"))
    )
    settings.ALIPAY_PUBLIC_KEY_PATH = _write(
        tmp_path / "alipay" / "alipay-public.pem",
        crypto.public_pem(keys.key("alipay").public_key()),
    )
    server = fakes.AlipayServer(keys.key("alipay"), keys.key("merchant").public_key())
    fakes.install(server)
    return Alipay(server)


@dataclass
class Wechat:
    server: fakes.WechatServer

    def transaction(self, payment, **fields) -> dict:
        return {
            "mchid": MCHID,
            "appid": APPID,
            "out_trade_no": payment.no,
            "transaction_id": "4200000000202611260000000001",
            "trade_type": "NATIVE",
            "trade_state": "SUCCESS",
            "amount": {"total": payment.amount, "payer_total": payment.amount, "currency": "CNY"},
        } | fields

    def notification(
        self, plaintext: dict, *, event_type="TRANSACTION.SUCCESS", key=APIV3_KEY, **headers
    ) -> tuple[bytes, dict[str, str]]:
        """(body, headers) as WeChat Pay posts them: the resource sealed with the APIv3 key,
        the body signed by the platform key; `headers` override the signed ones."""
        nonce, associated = secrets.token_hex(6), "transaction"
        body = json.dumps(
            {
                "id": secrets.token_hex(8),
                "create_time": "2026-11-26T10:00:00+08:00",
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": "支付成功",
                "resource": {
                    "algorithm": "AEAD_AES_256_GCM",
                    "original_type": "transaction",
                    "associated_data": associated,
                    "nonce": nonce,
                    "ciphertext": crypto.aes_gcm_encrypt(
                        key, nonce, json.dumps(plaintext).encode(), associated
                    ),
                },
            }
        ).encode()
        return body, fakes.signed_headers(self.server, body) | headers


@pytest.fixture
def wechat(settings, tmp_path) -> Wechat:
    certs = tmp_path / "wechat" / "platform"
    certificate = keys.certificate(keys.key("platform"), PLATFORM_SERIAL)
    from cryptography.hazmat.primitives.serialization import Encoding

    _write(certs / "platform.pem", certificate.public_bytes(Encoding.PEM))
    settings.WECHATPAY_MCHID = MCHID
    settings.WECHATPAY_APPID = APPID
    settings.WECHATPAY_PRIVATE_KEY_PATH = _write(
        tmp_path / "wechat" / "apiclient_key.pem", crypto.private_pem(keys.key("merchant"))
    )
    settings.WECHATPAY_CERT_SERIAL = "3775B6A45ACD588826D15E583A95F5DD6AFCF8D3"
    settings.WECHATPAY_APIV3_KEY = APIV3_KEY
    settings.WECHATPAY_PLATFORM_CERTS_DIR = certs
    server = fakes.WechatServer(
        keys.key("platform"), format(PLATFORM_SERIAL, "X"), keys.key("merchant").public_key()
    )
    fakes.install(server)
    return Wechat(server)


@pytest.fixture
def make_payment(buyer):
    def make(gateway: str = "sandbox", amount: int = 5990, allocations=None, who=None):
        return services.create_payment(
            buyer=who or buyer,
            amount=amount,
            subject="沪上商城订单",
            allocations=allocations or [("order:1", amount)],
            gateway=gateway,
        )

    return make
