from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mall.pricing.freight import Basis
from mall.regions import region_names


class FreightTemplate(models.Model):
    """A shop's shipping fees (运费模板). The shop's default template prices its orders."""

    class BasisChoice(models.TextChoices):
        PIECE = Basis.PIECE.value, _("按件数")
        WEIGHT = Basis.WEIGHT.value, _("按重量")

    shop = models.ForeignKey(
        "merchants.Shop", on_delete=models.CASCADE, related_name="freight_templates"
    )
    name = models.CharField(_("模板名称"), max_length=32)
    basis = models.CharField(_("计费方式"), max_length=8, choices=BasisChoice)
    free_over_amount = models.BigIntegerField(_("满额包邮（分）"), null=True, blank=True)
    free_over_count = models.PositiveIntegerField(_("满件包邮（件）"), null=True, blank=True)
    excluded_region_codes = models.JSONField(_("不配送地区"), default=list, blank=True)
    is_default = models.BooleanField(_("默认模板"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("运费模板")
        verbose_name_plural = _("运费模板")
        ordering = ["shop", "-is_default", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shop"], condition=Q(is_default=True), name="one_default_freight_template"
            ),
            models.UniqueConstraint(fields=["shop", "name"], name="freight_template_name_in_shop"),
            models.CheckConstraint(
                condition=Q(free_over_amount__isnull=True) | Q(free_over_amount__gte=0),
                name="freight_free_over_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop} · {self.name}"

    @property
    def excluded_region_names(self) -> list[str]:
        return [region_names(code) for code in self.excluded_region_codes]


class FreightRegionRule(models.Model):
    """Prices for a group of regions; the rule without regions is the template's default."""

    template = models.ForeignKey(FreightTemplate, on_delete=models.CASCADE, related_name="rules")
    region_codes = models.JSONField(_("地区"), default=list, blank=True)
    first_units = models.PositiveIntegerField(_("首件/首重（件或克）"))
    first_fee = models.BigIntegerField(_("首费（分）"))
    extra_units = models.PositiveIntegerField(_("续件/续重（件或克）"))
    extra_fee = models.BigIntegerField(_("续费（分）"))

    class Meta:
        verbose_name = _("运费规则")
        verbose_name_plural = _("运费规则")
        ordering = ["template", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_fee__gte=0) & Q(extra_fee__gte=0),
                name="freight_fees_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(first_units__gte=1) & Q(extra_units__gte=1),
                name="freight_units_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return " ".join(self.region_names) or str(_("默认运费"))

    @property
    def region_names(self) -> list[str]:
        return [region_names(code) for code in self.region_codes]
