"""Every payment setting, read in one place with its default. Functions, not constants, so
that tests (and `override_settings`) see the current value. A gateway whose settings are
missing is simply not offered."""

from pathlib import Path
from typing import Any

from django.conf import settings

ALIPAY_GATEWAY_URL = "https://openapi.alipay.com/gateway.do"
WECHATPAY_API_BASE = "https://api.mch.weixin.qq.com"


def setting(name: str, default: Any = None) -> Any:
    return getattr(settings, name, default)


def var_dir() -> Path:
    return Path(setting("VAR_DIR", Path(settings.BASE_DIR) / "var")) / "payments"


def sandbox_enabled() -> bool:
    return bool(setting("PAYMENT_SANDBOX_ENABLED", True))


def sandbox_key_path() -> Path:
    return Path(setting("PAYMENT_SANDBOX_KEY_PATH", var_dir() / "sandbox-private.pem"))


def alipay() -> dict[str, str]:
    return {
        "app_id": setting("ALIPAY_APP_ID", ""),
        "seller_id": setting("ALIPAY_SELLER_ID", ""),
        "private_key_path": str(setting("ALIPAY_PRIVATE_KEY_PATH", "") or ""),
        "public_key_path": str(setting("ALIPAY_PUBLIC_KEY_PATH", "") or ""),
        "gateway_url": setting("ALIPAY_GATEWAY_URL", ALIPAY_GATEWAY_URL),
    }


def wechatpay() -> dict[str, str]:
    return {
        "mchid": setting("WECHATPAY_MCHID", ""),
        "appid": setting("WECHATPAY_APPID", ""),
        "private_key_path": str(setting("WECHATPAY_PRIVATE_KEY_PATH", "") or ""),
        "cert_serial": setting("WECHATPAY_CERT_SERIAL", ""),
        "apiv3_key": setting("WECHATPAY_APIV3_KEY", ""),
        "platform_certs_dir": str(setting("WECHATPAY_PLATFORM_CERTS_DIR", "") or ""),
        "api_base": setting("WECHATPAY_API_BASE", WECHATPAY_API_BASE),
    }


def notify_base_url() -> str:
    return str(setting("PAYMENT_NOTIFY_BASE_URL", "") or setting("SITE_URL", "")).rstrip("/")


def site_url() -> str:
    return str(setting("SITE_URL", "")).rstrip("/")


def http_transport() -> str:
    """Dotted path of the callable that performs the gateways' HTTP calls."""
    return setting("PAYMENT_HTTP_TRANSPORT", "mall.payments.transport.urllib_transport")


def http_timeout() -> float:
    return float(setting("PAYMENT_HTTP_TIMEOUT_SECONDS", 10))


def query_after_seconds() -> int:
    return int(setting("PAYMENT_QUERY_AFTER_SECONDS", 60))


def query_window_hours() -> int:
    return int(setting("PAYMENT_QUERY_WINDOW_HOURS", 6))


def payment_timeout_minutes() -> int:
    """After this the gateways close the trade themselves (orders are cancelled then too)."""
    default = setting("ORDER_PAYMENT_TIMEOUT_MINUTES", 30)
    return int(setting("PAYMENT_TIMEOUT_MINUTES", default))


def done_url() -> str:
    """Where the return page sends the buyer once the payment is settled (their orders)."""
    return setting("PAYMENT_DONE_URL", "/orders/")
