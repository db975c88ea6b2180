"""The gateway registry: which gateways are configured, and building one by its code."""

from mall.payments import conf, transport
from mall.payments.gateways.alipay import AlipayGateway
from mall.payments.gateways.base import Gateway
from mall.payments.gateways.sandbox import SandboxGateway
from mall.payments.gateways.wechat import WechatPayGateway

GATEWAY_CODES = ("sandbox", "alipay", "wechat")


class GatewayUnavailable(Exception):
    pass


def available_gateways() -> list[str]:
    """The gateways offered to buyers: those fully configured (the sandbox unless disabled)."""
    return [code for code in GATEWAY_CODES if _configured(code)]


def get_gateway(code: str) -> Gateway:
    if not _configured(code):
        raise GatewayUnavailable(code)
    if code == "sandbox":
        return SandboxGateway(transport.current())
    if code == "alipay":
        return AlipayGateway(transport.current(), conf.alipay())
    return WechatPayGateway(transport.current(), conf.wechatpay())


def _configured(code: str) -> bool:
    if code == "sandbox":
        return conf.sandbox_enabled()
    if code == "alipay":
        return all(conf.alipay().values())
    if code == "wechat":
        return all(conf.wechatpay().values())
    return False
