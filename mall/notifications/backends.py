"""SMS backends: how an outbox message leaves the building. `settings.SMS_BACKEND` names the
class; a provider's backend sends `template` + `params` and raises on failure. The message `key`
goes along so a provider that de-duplicates (e.g. by an out-id) never sends it twice."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("mall.notifications.sms")

# What each template says; the real texts are registered with the SMS provider under these codes.
TEMPLATE_TEXTS = {
    "LOGIN_CODE": "【沪上商城】您的验证码是{code}，{minutes}分钟内有效。如非本人操作请忽略。",
    "ORDER_SHIPPED": (
        "【沪上商城】您的订单{order_no}已发货，{carrier}运单号{tracking_no}，请留意查收。"
    ),
    "ORDER_CANCELLED_BY_SHOP": (
        "【沪上商城】很抱歉，商家取消了您的订单{order_no}，原因：{reason}。"
        "如已付款，款项将原路退回。"
    ),
    "STAFF_INVITED": (
        "【沪上商城】{shop}已添加您为店铺{role}，请用本手机号登录沪上商城进入商家后台。"
    ),
    "MERCHANT_APPLICATION_SUBMITTED": (
        "【沪上商城】已收到{company}的入驻申请，我们将在3个工作日内完成审核，结果将短信通知您。"
    ),
    "MERCHANT_APPLICATION_RESUBMITTED": (
        "【沪上商城】已收到{company}补充的入驻资料，我们将尽快重新审核。"
    ),
    "MERCHANT_APPLICATION_NEEDS_INFO": (
        "【沪上商城】{company}的入驻申请需要补充资料：{message}。请登录沪上商城，"
        "在“商家入驻”页面修改后重新提交。"
    ),
    "MERCHANT_APPLICATION_APPROVED": (
        "【沪上商城】恭喜，{company}的入驻申请已通过，店铺“{shop}”已开通，"
        "请用本手机号登录沪上商城进入商家后台。"
    ),
    "MERCHANT_APPLICATION_REJECTED": (
        "【沪上商城】很抱歉，{company}的入驻申请未通过：{message}。您可以调整后重新申请。"
    ),
    "SHOP_OPENED": (
        "【沪上商城】您的店铺“{shop}”已开通，请用本手机号登录商家后台；应缴保证金{deposit}。"
    ),
    "SHOP_TIER_CHANGED": (
        "【沪上商城】您的店铺“{shop}”已调整为“{tier}”等级，新的佣金自调整时起下单的订单生效。"
    ),
    "SHOP_SUSPENDED": "【沪上商城】您的店铺“{shop}”已暂停营业，商品已全部下架。原因：{reason}",
    "SHOP_REOPENED": "【沪上商城】您的店铺“{shop}”已恢复营业，请在商家后台重新上架商品。",
    "SHOP_CLOSED": "【沪上商城】您的店铺“{shop}”已关闭，保证金将退回。原因：{reason}",
    "PRODUCT_REJECTED": (
        "【沪上商城】您提交的商品“{product}”未通过审核：{reason}。请在商家后台修改后重新提交。"
    ),
}


@dataclass(frozen=True)
class SmsMessage:
    key: str
    phone: str
    template: str
    params: dict = field(default_factory=dict)

    def text(self) -> str:
        return TEMPLATE_TEXTS[self.template].format(**self.params)


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None:
        """Deliver the message or raise."""


class LogSmsBackend:
    """Development: the message goes to the log (so the login code is readable there)."""

    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to %s [%s]: %s", message.phone, message.key, message.text())


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


# Outbox templates that are not SMS: another app's delivery function (e.g. payments' gateway
# calls), registered in that app's AppConfig.ready(). It sends the message or raises.
HANDLERS: dict[str, Callable[[SmsMessage], None]] = {}


def register_handler(template: str, handler: Callable[[SmsMessage], None]) -> None:
    HANDLERS[template] = handler
