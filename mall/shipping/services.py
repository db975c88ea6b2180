"""Saving a shop's freight templates: validated, one transaction each, one default per shop."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from mall.merchants.models import Shop
from mall.regions import lookup
from mall.shipping.models import FreightRegionRule, FreightTemplate

MAX_FEE = 1_000_000  # ¥10,000 in fen: no parcel costs more; larger numbers are typing mistakes
MAX_UNITS = 1_000_000  # pieces, or grams (a tonne)
NAME_MAX_LENGTH = 32


@dataclass(frozen=True)
class RuleInput:
    first_units: int
    first_fee: int
    extra_units: int
    extra_fee: int
    region_codes: tuple[str, ...] = ()  # empty: the default rule


@dataclass(frozen=True)
class TemplateInput:
    name: str
    basis: str
    default_rule: RuleInput
    region_rules: tuple[RuleInput, ...] = ()
    free_over_amount: int | None = None
    free_over_count: int | None = None
    excluded_region_codes: tuple[str, ...] = ()


def save_template(
    shop: Shop, data: TemplateInput, *, template_id: int | None = None, make_default: bool = False
) -> FreightTemplate:
    """Create (template_id None) or replace a template of the shop. A shop's first template
    becomes its default."""
    _validate(data)
    with transaction.atomic():
        templates = _lock_templates(shop)
        template = _own(templates, template_id) if template_id else FreightTemplate(shop=shop)
        if any(t.name == data.name.strip() and t.pk != template.pk for t in templates):
            raise ValidationError(_("已有同名的运费模板"))
        _assign(template, data)
        template.is_default = template.is_default or make_default or not templates
        if template.is_default:
            _clear_default(shop, keep=template.pk)
        template.save()
        template.rules.all().delete()
        FreightRegionRule.objects.bulk_create(
            _rule(template, rule) for rule in (data.default_rule, *data.region_rules)
        )
    return template


def set_default_template(shop: Shop, template_id: int) -> FreightTemplate:
    with transaction.atomic():
        templates = _lock_templates(shop)
        template = _own(templates, template_id)
        _clear_default(shop, keep=template.pk)
        FreightTemplate.objects.filter(pk=template.pk).update(is_default=True)
        template.is_default = True
    return template


def delete_template(shop: Shop, template_id: int) -> None:
    """Delete a template; when it was the default, the oldest remaining one takes its place."""
    with transaction.atomic():
        templates = _lock_templates(shop)
        template = _own(templates, template_id)
        template.delete()
        remaining = [t for t in templates if t.pk != template_id]
        if template.is_default and remaining:
            FreightTemplate.objects.filter(pk=remaining[0].pk).update(is_default=True)


def _lock_templates(shop: Shop) -> list[FreightTemplate]:
    """Serialise one shop's template writes (even its first, when there is no row to lock yet)."""
    Shop.objects.select_for_update().filter(pk=shop.pk).exists()
    return list(FreightTemplate.objects.filter(shop=shop).order_by("pk"))


def _own(templates: list[FreightTemplate], template_id: int) -> FreightTemplate:
    for template in templates:
        if template.pk == template_id:
            return template
    raise Http404


def _clear_default(shop: Shop, *, keep: int | None) -> None:
    FreightTemplate.objects.filter(shop=shop, is_default=True).exclude(pk=keep).update(
        is_default=False
    )


def _assign(template: FreightTemplate, data: TemplateInput) -> None:
    template.name = data.name.strip()
    template.basis = data.basis
    template.free_over_amount = data.free_over_amount
    template.free_over_count = data.free_over_count
    template.excluded_region_codes = list(data.excluded_region_codes)


def _rule(template: FreightTemplate, rule: RuleInput) -> FreightRegionRule:
    return FreightRegionRule(
        template=template,
        region_codes=list(rule.region_codes),
        first_units=rule.first_units,
        first_fee=rule.first_fee,
        extra_units=rule.extra_units,
        extra_fee=rule.extra_fee,
    )


def _validate(data: TemplateInput) -> None:
    name = data.name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("模板名称不能为空，最多 %(count)d 个字") % {"count": NAME_MAX_LENGTH}
        )
    if data.basis not in FreightTemplate.BasisChoice.values:
        raise ValidationError(_("计费方式只能是按件数或按重量"))
    if data.default_rule.region_codes:
        raise ValidationError(_("默认运费不能指定地区"))
    for rule in (data.default_rule, *data.region_rules):
        _validate_prices(rule)
    if data.free_over_amount is not None and not 0 <= data.free_over_amount <= 10**12:
        raise ValidationError(_("满额包邮的金额不能为负数"))
    if data.free_over_count is not None and not 1 <= data.free_over_count <= MAX_UNITS:
        raise ValidationError(_("满件包邮的件数至少为 1"))
    _validate_regions(data)


def _validate_prices(rule: RuleInput) -> None:
    if not (1 <= rule.first_units <= MAX_UNITS and 1 <= rule.extra_units <= MAX_UNITS):
        raise ValidationError(_("首件/首重和续件/续重须在 1 到 %(max)d 之间") % {"max": MAX_UNITS})
    if not (0 <= rule.first_fee <= MAX_FEE and 0 <= rule.extra_fee <= MAX_FEE):
        raise ValidationError(_("运费须在 ¥0 到 ¥10,000 之间"))


def _validate_regions(data: TemplateInput) -> None:
    seen: set[str] = set()
    for rule in data.region_rules:
        if not rule.region_codes:
            raise ValidationError(_("每条地区运费规则至少选择一个地区"))
        _check_codes(rule.region_codes, seen)
    _check_codes(data.excluded_region_codes, seen)


def _check_codes(codes: tuple[str, ...], seen: set[str]) -> None:
    for code in codes:
        if lookup(code) is None:
            raise ValidationError(_("地区代码 %(code)s 不存在") % {"code": code})
        if code in seen:
            name = lookup(code).name
            raise ValidationError(_("地区“%(name)s”重复设置") % {"name": name})
        seen.add(code)
