"""Forms: redeeming a code, a template typed in yuan and percent (the seller's page and the
admin share it; the model's `clean` holds the rules), and the operator's bulk-issue segment."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog.fields import YuanField
from mall.coupons.models import CouponTemplate
from mall.coupons.segments import Segment, SegmentKind
from mall.merchants.forms import PercentField


class RedeemForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("兑换码"), max_length=40)


class DiscountField(PercentField):
    """What a percent coupon takes off, in percent (20 = 8折), stored in basis points; empty
    is 0 (the model says a percent coupon needs one)."""

    def to_python(self, value):
        try:
            return super().to_python(value) or 0
        except ValidationError as exc:
            raise ValidationError(_("折扣须在 1% 到 99% 之间")) from exc


class AmountField(YuanField):
    """Money in yuan where empty means 0 fen (no threshold, no amount)."""

    def to_python(self, value):
        return super().to_python(value) or 0


class TemplateForm(forms.ModelForm):
    """A coupon template with money in yuan and the discount in percent. The seller's form
    leaves out the shop (it is the member's) and the channels only operators use."""

    amount = AmountField(label=gettext_lazy("减免金额（元）"), required=False)
    discount_bp = DiscountField(
        label=gettext_lazy("折扣（减 %）"), required=False,
        help_text=gettext_lazy("减去的百分比：填 20 即 8折"),
    )  # fmt: skip
    cap = YuanField(label=gettext_lazy("最高减免（元）"), required=False)
    threshold = AmountField(
        label=gettext_lazy("使用门槛（元）"), required=False, help_text=gettext_lazy("0 为无门槛")
    )
    spend_threshold = AmountField(label=gettext_lazy("累计消费达到（元）"), required=False)

    class Meta:
        model = CouponTemplate
        fields = (
            "name", "shop", "kind", "amount", "discount_bp", "cap", "threshold", "valid_from",
            "valid_until", "valid_days", "claim_starts_at", "claim_ends_at", "total_quantity",
            "per_user_limit", "stackable", "return_on_cancel", "channel", "spend_threshold",
            "spend_period", "scope_shop_ids", "scope_category_ids", "scope_brand_ids",
            "scope_product_ids", "scope_sku_ids", "scope_tags", "scope_excluded_product_ids",
        )  # fmt: skip


class SellerTemplateForm(TemplateForm):
    """A shop's coupon, claimed on its pages and in the 领券中心: the shop is the member's,
    dates are the browser's datetime-local fields."""

    class Meta(TemplateForm.Meta):
        fields = (
            "name", "kind", "amount", "discount_bp", "cap", "threshold", "valid_from",
            "valid_until", "valid_days", "claim_starts_at", "claim_ends_at", "total_quantity",
            "per_user_limit", "stackable", "return_on_cancel", "scope_category_ids",
            "scope_product_ids", "scope_excluded_product_ids",
        )  # fmt: skip
        widgets = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            for name in ("valid_from", "valid_until", "claim_starts_at", "claim_ends_at")
        }

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.shop = shop


class BulkIssueForm(forms.Form):
    """定向发放: which shoppers get one coupon each."""

    kind = forms.ChoiceField(label=gettext_lazy("发给"), choices=SegmentKind.choices)
    value = forms.CharField(
        label=gettext_lazy("条件"), required=False, max_length=32,
        help_text=gettext_lazy("会员等级填数字（1 银卡）；客户分组填代码（agent 等）；"
                               "标签填标签名；最近下单填天数"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), (data.get("value") or "").strip()
        numeric = kind in {SegmentKind.MIN_RANK, SegmentKind.RECENT_BUYERS}
        if kind != SegmentKind.ALL and not value:
            raise ValidationError(_("请填写条件"))
        if numeric and not (value.isascii() and value.isdigit() and int(value) >= 1):
            raise ValidationError(_("会员等级和天数请填写正整数"))
        data["value"] = value
        return data

    @property
    def segment(self) -> Segment:
        return Segment(self.cleaned_data["kind"], self.cleaned_data["value"])
