"""Reads about freight templates; pricing gets them as pure `mall.pricing.freight` values."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mall.pricing import freight
from mall.shipping.models import FreightRegionRule, FreightTemplate


def freight_templates_for_shops(
    shop_ids: Iterable[int],
) -> dict[int, freight.FreightTemplate | None]:
    """Each shop's default template (None: the shop ships free). Two queries, however many shops."""
    ids = set(shop_ids)
    defaults = FreightTemplate.objects.filter(shop_id__in=ids, is_default=True).prefetch_related(
        "rules"
    )
    found = {template.shop_id: as_pricing_template(template) for template in defaults}
    return {shop_id: found.get(shop_id) for shop_id in ids}


def templates_of(shop) -> QuerySet[FreightTemplate]:
    return FreightTemplate.objects.filter(shop=shop).prefetch_related("rules")


def get_template(shop, template_id: int) -> FreightTemplate:
    """The shop's template, or 404 (another shop's template does not exist for this seller)."""
    return get_object_or_404(templates_of(shop), pk=template_id)


def as_pricing_template(template: FreightTemplate) -> freight.FreightTemplate:
    return freight.FreightTemplate(
        template_id=template.pk,
        name=template.name,
        basis=freight.Basis(template.basis),
        rules=tuple(_as_pricing_rule(rule) for rule in template.rules.all()),
        free_over_amount=template.free_over_amount,
        free_over_count=template.free_over_count,
        excluded_region_codes=frozenset(template.excluded_region_codes),
    )


def _as_pricing_rule(rule: FreightRegionRule) -> freight.FreightRule:
    return freight.FreightRule(
        region_codes=frozenset(rule.region_codes),
        first_units=rule.first_units,
        first_fee=rule.first_fee,
        extra_units=rule.extra_units,
        extra_fee=rule.extra_fee,
    )
