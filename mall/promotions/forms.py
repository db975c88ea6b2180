"""The seller's promotion form: the rule's fields in the units a merchant thinks in (元, 折,
“100-20” tiers, “10:00-11:00” slots, “SKU编号:特价” lines), turned into a Promotion and its rows
for `services.save_promotion`, which checks everything again."""

import re
from datetime import time
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog.fields import YuanField
from mall.catalog.models import Sku
from mall.core.money import fen_to_yuan_str, yuan_to_fen
from mall.merchants.models import Shop
from mall.pricing.rules import BASIS_POINTS, Basis
from mall.promotions.models import CUSTOMER_GROUPS, Promotion, PromotionWindow, SpecialPrice
from mall.promotions.services import RuleRows
from mall.promotions.validation import foreign_ids

Kind = Promotion.Kind
SEPARATORS = re.compile(r"[,，、;；\s]+")
WEEKDAYS = [(str(n), label) for n, label in enumerate(
    [gettext_lazy("周一"), gettext_lazy("周二"), gettext_lazy("周三"), gettext_lazy("周四"),
     gettext_lazy("周五"), gettext_lazy("周六"), gettext_lazy("周日")]
)]  # fmt: skip


def zhe_to_bp(text: str) -> int:
    """“8” (8折) → 2000 basis points off; “8.5” → 1500."""
    try:
        zhe = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("请填写折数，如 8 或 8.5")) from exc
    if not Decimal("0") < zhe < Decimal("10"):
        raise ValidationError(_("折数须在 0 到 10 之间（不含），如 8 表示 8折"))
    return int(BASIS_POINTS - zhe * 1000)


def bp_to_zhe(bp: int) -> str:
    return f"{Decimal(BASIS_POINTS - bp) / 1000:g}"


class ZheField(forms.CharField):
    """A discount typed as 折 (8 = 8折) and stored as basis points off (2000)."""

    def prepare_value(self, value):
        return bp_to_zhe(value) if isinstance(value, int) and value else value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        return zhe_to_bp(text) if text else 0


class IdsField(forms.CharField):
    """Ids typed as “12, 15” and kept as a list of ints."""

    def prepare_value(self, value):
        return ", ".join(map(str, value)) if isinstance(value, list) else value

    def to_python(self, value):
        parts = [p for p in SEPARATORS.split(super().to_python(value) or "") if p]
        if not all(p.isdigit() and int(p) > 0 for p in parts):
            raise ValidationError(_("请填写编号，用逗号分隔，如 12, 15"))
        return list(dict.fromkeys(int(p) for p in parts))


class PromotionForm(forms.ModelForm):
    discount_bp = ZheField(
        label=gettext_lazy("折扣（折）"), required=False,
        help_text=gettext_lazy("8 表示 8折；第N件优惠填第N件的折数，5 表示半价"),
    )  # fmt: skip
    amount = YuanField(label=gettext_lazy("每件立减（元）"), required=False)
    tiers = forms.CharField(
        label=gettext_lazy("阶梯"), required=False,
        help_text=gettext_lazy(
            "每档“门槛-优惠”，逗号分隔。满减：100-20, 200-50（元）；满折：2-9（满2件9折）；"
            "买赠：只填门槛，如 100"
        ),
    )  # fmt: skip
    repeat_cap = YuanField(label=gettext_lazy("每满封顶（元）"), required=False)
    threshold = YuanField(label=gettext_lazy("包邮门槛（元）"), required=False)
    budget = YuanField(
        label=gettext_lazy("预算（元）"), required=False, help_text=gettext_lazy("留空表示不限")
    )
    gift_sku = forms.IntegerField(label=gettext_lazy("赠品 SKU 编号"), required=False, min_value=1)
    scope_product_ids = IdsField(
        label=gettext_lazy("适用商品编号"), required=False,
        help_text=gettext_lazy("留空表示本店全部商品"),
    )  # fmt: skip
    scope_category_ids = IdsField(label=gettext_lazy("适用类目编号"), required=False)
    scope_excluded_product_ids = IdsField(label=gettext_lazy("排除商品编号"), required=False)
    windows = forms.CharField(
        label=gettext_lazy("每日时段"), required=False,
        help_text=gettext_lazy("如 10:00-11:00, 20:00-24:00；留空表示全天"),
    )  # fmt: skip
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("星期"), choices=WEEKDAYS, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=gettext_lazy("不选表示每天"),
    )  # fmt: skip
    specials = forms.CharField(
        label=gettext_lazy("特价"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每行“SKU编号:特价（元）”，如 101:59.90"),
    )  # fmt: skip

    class Meta:
        model = Promotion
        fields = [
            "name", "kind", "starts_at", "ends_at", "discount_bp", "amount", "basis", "tiers",
            "repeat", "repeat_cap", "gift_sku", "gift_quantity", "nth", "threshold",
            "min_member_rank", "new_shoppers_only", "exclusive_group", "budget",
            "scope_product_ids", "scope_category_ids", "scope_excluded_product_ids",
        ]  # fmt: skip
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args, shop: Shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.shop = shop
        self.instance.shop = shop
        promotion = self.instance
        if promotion.pk:
            self.initial.update(
                tiers=tiers_text(promotion),
                gift_sku=promotion.gift_sku_id,
                windows=", ".join(
                    f"{w.start:%H:%M}-{w.end:%H:%M}" for w in promotion.windows.all()
                ),
                weekdays=[str(d) for w in promotion.windows.all()[:1] for d in w.weekdays],
                specials="\n".join(
                    f"{sp.sku_id}:{fen_to_yuan_str(sp.unit_price)}"
                    for sp in promotion.special_prices.all()
                ),
            )

    def clean_amount(self) -> int:
        return self.cleaned_data["amount"] or 0

    def clean_threshold(self) -> int:
        return self.cleaned_data["threshold"] or 0

    def clean_gift_sku(self) -> Sku | None:
        pk = self.cleaned_data["gift_sku"]
        if pk is None:
            return None
        sku = Sku.objects.filter(pk=pk, shop=self.shop).first()
        if sku is None:
            raise ValidationError(_("只能选择本店的商品：编号 %(ids)s 不属于本店") % {"ids": pk})
        return sku

    def clean_windows(self) -> list[PromotionWindow]:
        slots = []
        for part in SEPARATORS.split(self.cleaned_data["windows"] or ""):
            if not part:
                continue
            match = re.fullmatch(r"(\d{1,2}):(\d{2})[-–~至](\d{1,2}):(\d{2})", part)
            if not match:
                raise ValidationError(_("时段请写成 10:00-11:00"))
            h1, m1, h2, m2 = map(int, match.groups())
            try:
                start = time(h1, m1)
                end = time(0) if (h2, m2) == (24, 0) else time(h2, m2)
            except ValueError as exc:
                raise ValidationError(_("时段请写成 10:00-11:00")) from exc
            slots.append(PromotionWindow(start=start, end=end))
        return slots

    def clean_specials(self) -> list[SpecialPrice]:
        rows = []
        for line in (self.cleaned_data["specials"] or "").splitlines():
            line = line.strip().replace("：", ":")
            if not line:
                continue
            sku, _sep, price = line.partition(":")
            try:
                rows.append(SpecialPrice(sku_id=int(sku), unit_price=yuan_to_fen(price.strip())))
            except ValueError as exc:
                raise ValidationError(_("特价请写成“SKU编号:特价”，如 101:59.90")) from exc
        foreign = foreign_ids(Sku, [row.sku_id for row in rows], self.shop.pk)
        if foreign:
            raise ValidationError(
                _("只能选择本店的商品：编号 %(ids)s 不属于本店")
                % {"ids": "、".join(map(str, foreign))}
            )
        return rows

    def clean(self):
        data = super().clean()
        kind, basis = data.get("kind"), data.get("basis") or Basis.AMOUNT
        if "tiers" in data and kind:
            try:
                data["tiers"] = parse_tiers(data["tiers"], kind, basis)
            except ValidationError as exc:
                self.add_error("tiers", exc)
        return data

    def rows(self) -> RuleRows:
        days = sorted(int(d) for d in self.cleaned_data["weekdays"])
        windows = self.cleaned_data["windows"]
        for window in windows:
            window.weekdays = days
        return RuleRows(windows=windows, special_prices=self.cleaned_data["specials"])

    def apply_errors(self, error: ValidationError) -> None:
        """The service's refusal, shown beside the fields it names (the rest above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, errors in error.error_dict.items():
            messages = [m for e in errors for m in e.messages]
            self.add_error(field if field in self.fields else None, messages)


def parse_tiers(text: str, kind: str, basis: str) -> list[list[int]]:
    """“100-20, 200-50” by the kind's units: 满减 元-元, 满折 门槛-折, 买赠 门槛 only. A
    threshold is 元 on the amount basis and pieces on the quantity basis."""
    tiers = []
    for part in SEPARATORS.split(text or ""):
        if not part:
            continue
        threshold_text, _sep, value_text = part.partition("-")
        try:
            threshold = (
                yuan_to_fen(threshold_text) if basis == Basis.AMOUNT else int(threshold_text)
            )
            if kind == Kind.REDUCTION:
                value = yuan_to_fen(value_text)
            elif kind == Kind.DISCOUNT:
                value = zhe_to_bp(value_text)
            else:
                value = 0
        except ValueError as exc:
            raise ValidationError(_("阶梯请写成“门槛-优惠”，如 100-20")) from exc
        tiers.append([threshold, value])
    return tiers


def tiers_text(promotion: Promotion) -> str:
    def threshold(t: int) -> str:
        return fen_to_yuan_str(t) if promotion.basis == Basis.AMOUNT else str(t)

    def value(v: int) -> str:
        if promotion.kind == Kind.REDUCTION:
            return "-" + fen_to_yuan_str(v)
        if promotion.kind == Kind.DISCOUNT:
            return "-" + bp_to_zhe(v)
        return ""

    return ", ".join(threshold(t) + value(v) for t, v in promotion.tiers)


class PreviewForm(forms.Form):
    lines = forms.CharField(
        label=gettext_lazy("SKU 与数量"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每行“SKU编号 数量”，如 101 2"),
    )  # fmt: skip
    member_rank = forms.IntegerField(
        label=gettext_lazy("会员等级"), min_value=0, required=False, initial=0
    )
    group = forms.ChoiceField(label=gettext_lazy("客户类型"), required=False)
    at = forms.DateTimeField(
        label=gettext_lazy("时间"), required=False, help_text=gettext_lazy("留空为现在"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("不限")), *CUSTOMER_GROUPS.items()]
