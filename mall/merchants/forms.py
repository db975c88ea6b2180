"""Forms of the operators' shop pages: rates typed in percent, tiers' money in yuan, and the
reasons and amounts the shop actions ask for."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog.fields import YuanField
from mall.merchants.models import BASIS_POINTS, Tier, TierCommission
from mall.merchants.services import REASON_MAX_LENGTH

BP_PER_PERCENT = 100


class PercentField(forms.CharField):
    """A commission rate typed in percent (3 or 2.5) and stored in basis points (300, 250)."""

    def prepare_value(self, value):
        return f"{Decimal(value) / BP_PER_PERCENT:f}".rstrip("0").rstrip(".") if isinstance(
            value, int
        ) else value  # fmt: skip

    def to_python(self, value):
        text = (super().to_python(value) or "").strip().rstrip("%％").strip()
        if not text:
            return None
        try:
            bp = Decimal(text) * BP_PER_PERCENT
        except InvalidOperation as exc:
            raise ValidationError(_("请输入百分比数字，如 5 或 2.5")) from exc
        if bp != bp.to_integral_value() or not 0 <= bp <= BASIS_POINTS:
            raise ValidationError(_("佣金比例须在 0% 到 100% 之间，最多两位小数"))
        return int(bp)


class TierForm(forms.ModelForm):
    commission_rate_bp = PercentField(
        label=gettext_lazy("基础佣金（%）"), help_text=gettext_lazy("没有类目佣金时按此收取")
    )
    platform_fee_monthly = YuanField(label=gettext_lazy("平台服务费（元/月）"))
    deposit = YuanField(label=gettext_lazy("保证金（元）"))

    class Meta:
        model = Tier
        fields = (
            "code", "name", "commission_rate_bp", "platform_fee_monthly", "deposit",
            "featured_slots", "perks", "position",
        )  # fmt: skip

    def clean_platform_fee_monthly(self):
        return _not_negative(self.cleaned_data["platform_fee_monthly"])

    def clean_deposit(self):
        return _not_negative(self.cleaned_data["deposit"])


def _not_negative(fen: int | None) -> int:
    if fen is None:
        return 0
    if fen < 0:
        raise ValidationError(_("金额不能为负"))
    return fen


class TierCommissionForm(forms.ModelForm):
    rate_bp = PercentField(label=gettext_lazy("佣金（%）"))

    class Meta:
        model = TierCommission
        fields = ("category", "rate_bp")


class ShopActionForm(forms.Form):
    """What every operator action on shops asks: why."""

    reason = forms.CharField(
        label=gettext_lazy("原因"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(
            attrs={"rows": 3}
        ), error_messages={"required": gettext_lazy("请填写原因")},
    )  # fmt: skip


class ReopenForm(ShopActionForm):
    reason = forms.CharField(
        label=gettext_lazy("说明"), max_length=REASON_MAX_LENGTH, required=False
    )


class ChangeTierForm(ShopActionForm):
    tier = forms.ModelChoiceField(
        label=gettext_lazy("新等级"), queryset=Tier.objects.all(), empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("没有这个店铺等级")},
    )  # fmt: skip
    field_order = ("tier", "reason")


class DepositForm(forms.Form):
    SOURCES = (
        ("cash:bank", gettext_lazy("银行转账")),
        ("gateway:alipay", gettext_lazy("支付宝")),
        ("gateway:wechat", gettext_lazy("微信支付")),
    )
    amount = YuanField(label=gettext_lazy("到账金额（元）"))
    source = forms.ChoiceField(label=gettext_lazy("收款渠道"), choices=SOURCES)
    reference = forms.CharField(label=gettext_lazy("付款流水号"), max_length=64)
