"""Double-entry journal: accounts, entries (one per business event, unique `reason`) and lines.
A line's amount is a debit when positive and a credit when negative; every entry sums to zero."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    class Kind(models.TextChoices):
        ASSET = "asset", _("资产")
        LIABILITY = "liability", _("负债")
        REVENUE = "revenue", _("收入")
        EXPENSE = "expense", _("费用")

    code = models.CharField(_("科目代码"), max_length=64, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind)
    balance = models.BigIntegerField(
        _("余额（分，借正贷负）"), default=0, help_text=_("等于本科目全部分录之和，由记账服务维护")
    )

    class Meta:
        verbose_name = _("会计科目")
        verbose_name_plural = _("会计科目")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Entry(models.Model):
    reason = models.CharField(_("记账事由"), max_length=100, unique=True)
    memo = models.CharField(_("摘要"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("记账时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reason


class Line(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    amount = models.BigIntegerField(_("金额（分，借正贷负）"))
    reference = models.CharField(_("业务参考"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="line_nonzero")]
        indexes = [models.Index(fields=["account", "reference"], name="ledger_line_acct_ref")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount:+d}"
