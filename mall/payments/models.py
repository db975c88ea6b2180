from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mall.payments import conf

RETRY_MARK = ":retry:"  # a retried refund's key: <the first refund's key>:retry:<failed no>


class Gateway(models.TextChoices):
    SANDBOX = "sandbox", _("沙箱支付")
    ALIPAY = "alipay", _("支付宝")
    WECHAT = "wechat", _("微信支付")


class Payment(models.Model):
    """One payment by a buyer, possibly covering several orders (its allocations).
    `refunded_amount` counts every refund asked for and not failed, so that paid − refunded
    is what may still be refunded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待支付")
        PAID = "paid", _("已支付")
        FAILED = "failed", _("支付失败")
        CLOSED = "closed", _("已关闭")

    no = models.CharField(_("支付单号"), max_length=32, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    gateway = models.CharField(_("支付方式"), max_length=16, choices=Gateway)
    subject = models.CharField(_("商品说明"), max_length=128)
    amount = models.BigIntegerField(_("金额（分）"))
    allocations = models.JSONField(_("分配"), help_text=_("[[业务参考, 金额（分）], …]"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING)
    refunded_amount = models.BigIntegerField(_("已退款（分）"), default=0)
    gateway_trade_no = models.CharField(_("支付平台交易号"), max_length=64, blank=True)
    code_url = models.CharField(_("付款码链接"), max_length=256, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("支付单")
        verbose_name_plural = _("支付单")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_created")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=F("amount")),
                name="payment_refunded_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.no

    @property
    def expires_at(self):
        """When the gateways stop accepting payment for it (they close the trade)."""
        return self.created_at + timedelta(minutes=conf.payment_timeout_minutes())

    @property
    def pending(self) -> bool:
        """Waiting for its first answer (not failed, closed or paid)."""
        return self.status == self.Status.PENDING

    @property
    def payable(self) -> bool:
        """Still to be paid: waiting, or after a failed attempt (the buyer may try again)."""
        return self.status in (self.Status.PENDING, self.Status.FAILED)

    @property
    def refundable(self) -> int:
        return self.amount - self.refunded_amount if self.status == self.Status.PAID else 0


class Refund(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("退款中")
        SUCCEEDED = "succeeded", _("已退款")
        FAILED = "failed", _("退款失败")

    no = models.CharField(_("退款单号"), max_length=32, unique=True)
    key = models.CharField(_("幂等键"), max_length=100, unique=True)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.BigIntegerField(_("金额（分）"))
    reference = models.CharField(_("业务参考"), max_length=64)
    reason = models.CharField(_("退款原因"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING)
    gateway_refund_no = models.CharField(_("支付平台退款号"), max_length=64, blank=True)
    failure = models.CharField(_("失败原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    succeeded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退款单")
        verbose_name_plural = _("退款单")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="refund_status_created")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.no


class SandboxTrade(models.Model):
    """The sandbox gateway's own record of each attempt on its cashier page (a failed attempt
    may be followed by another)."""

    payment_no = models.CharField(_("支付单号"), max_length=32, db_index=True)
    trade_no = models.CharField(_("沙箱交易号"), max_length=64, unique=True)
    amount = models.BigIntegerField(_("金额（分）"))
    succeeded = models.BooleanField(_("支付成功"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("沙箱交易")
        verbose_name_plural = _("沙箱交易")

    def __str__(self) -> str:
        return self.trade_no
