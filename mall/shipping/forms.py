"""Parse the seller's freight template form: yuan to fen, region lists to codes."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from mall.core.money import yuan_to_fen
from mall.regions import children, lookup
from mall.shipping.models import FreightTemplate
from mall.shipping.services import RuleInput, TemplateInput

_SEPARATORS = re.compile(r"[\s,，、;；]+")


class YuanField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(max_digits=10, decimal_places=2, **kwargs)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else yuan_to_fen(amount)


class RegionListField(forms.CharField):
    """Regions as 6-digit codes or province names, separated by spaces, commas or 、."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("填写省份名称或 6 位行政区划代码，用空格或逗号分隔"))
        super().__init__(
            widget=forms.TextInput(attrs={"placeholder": _("如：新疆维吾尔自治区 西藏自治区")}),
            **kwargs,
        )

    def clean(self, value) -> tuple[str, ...]:
        text = super().clean(value) or ""
        provinces = {province.name: province.code for province in children()}
        codes = []
        for token in filter(None, _SEPARATORS.split(text)):
            code = provinces.get(token, token)
            if lookup(code) is None:
                raise forms.ValidationError(_("地区“%(name)s”不存在") % {"name": token})
            codes.append(code)
        return tuple(dict.fromkeys(codes))

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return " ".join(_region_label(code) for code in value)
        return value


def _region_label(code: str) -> str:
    region = lookup(code)
    return region.name if region is not None and region.level == 1 else code


class PricesForm(forms.Form):
    first_units = forms.IntegerField(label=_("首件/首重"), min_value=1)
    first_fee = YuanField(label=_("首费（元）"))
    extra_units = forms.IntegerField(label=_("续件/续重"), min_value=1)
    extra_fee = YuanField(label=_("续费（元）"))

    def rule(self, region_codes: tuple[str, ...] = ()) -> RuleInput:
        data = self.cleaned_data
        return RuleInput(
            data["first_units"],
            data["first_fee"],
            data["extra_units"],
            data["extra_fee"],
            region_codes,
        )


class RegionRuleForm(PricesForm):
    regions = RegionListField(label=_("地区"))


RegionRuleFormSet = forms.formset_factory(RegionRuleForm, extra=2, can_delete=True, max_num=50)


class FreightTemplateForm(PricesForm):
    name = forms.CharField(label=_("模板名称"), max_length=32)
    basis = forms.ChoiceField(
        label=_("计费方式"),
        choices=FreightTemplate.BasisChoice.choices,
        help_text=_("按重量计费时，首重和续重以克为单位"),
    )
    free_over_amount = YuanField(label=_("满额包邮（元）"), required=False)
    free_over_count = forms.IntegerField(label=_("满件包邮（件）"), min_value=1, required=False)
    excluded_regions = RegionListField(label=_("不配送地区"), required=False)
    make_default = forms.BooleanField(label=_("设为默认模板"), required=False)

    field_order = ["name", "basis"]

    def template_input(self, rule_forms) -> TemplateInput:
        data = self.cleaned_data
        return TemplateInput(
            name=data["name"],
            basis=data["basis"],
            default_rule=self.rule(),
            region_rules=tuple(form.rule(form.cleaned_data["regions"]) for form in rule_forms),
            free_over_amount=data["free_over_amount"],
            free_over_count=data["free_over_count"],
            excluded_region_codes=data["excluded_regions"],
        )

    @classmethod
    def initial_for(cls, template: FreightTemplate) -> tuple[dict, list[dict]]:
        """The form's and the formset's initial data for an existing template."""
        default = next((rule for rule in template.rules.all() if not rule.region_codes), None)
        regional = [rule for rule in template.rules.all() if rule.region_codes]
        initial = {
            "name": template.name,
            "basis": template.basis,
            "free_over_amount": _yuan(template.free_over_amount),
            "free_over_count": template.free_over_count,
            "excluded_regions": template.excluded_region_codes,
            "make_default": template.is_default,
            **(_prices(default) if default else {}),
        }
        return initial, [{"regions": rule.region_codes, **_prices(rule)} for rule in regional]


def _prices(rule) -> dict:
    return {
        "first_units": rule.first_units,
        "first_fee": _yuan(rule.first_fee),
        "extra_units": rule.extra_units,
        "extra_fee": _yuan(rule.extra_fee),
    }


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100
