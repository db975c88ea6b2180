"""Where a promotion or coupon applies, stored as lists of ids (shared by promotions and coupons).

Lists of ids rather than many-to-many tables: the engine wants sets, a rule's scope is read whole
every time, and a deleted product simply stops matching.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import PRODUCT_TAGS
from mall.pricing.rules import Scope


def _id_list(verbose_name: str) -> models.JSONField:
    return models.JSONField(verbose_name, default=list, blank=True, help_text=_("留空表示不限"))


class ScopedModel(models.Model):
    """Abstract: the scope columns and their conversion to `pricing.Scope`. Every non-empty
    list must match (店铺 AND 类目 …); all empty = everything."""

    scope_shop_ids = _id_list(_("适用店铺"))
    scope_category_ids = _id_list(_("适用类目"))
    scope_brand_ids = _id_list(_("适用品牌"))
    scope_product_ids = _id_list(_("适用商品"))
    scope_sku_ids = _id_list(_("适用 SKU"))
    scope_tags = _id_list(_("适用商品标记"))
    scope_excluded_product_ids = _id_list(_("排除商品"))

    class Meta:
        abstract = True

    ID_FIELDS = (
        "scope_shop_ids",
        "scope_category_ids",
        "scope_brand_ids",
        "scope_product_ids",
        "scope_sku_ids",
        "scope_excluded_product_ids",
    )

    def to_scope(self) -> Scope:
        return Scope(
            shop_ids=frozenset(self.scope_shop_ids),
            category_ids=frozenset(self.scope_category_ids),
            brand_ids=frozenset(self.scope_brand_ids),
            product_ids=frozenset(self.scope_product_ids),
            sku_ids=frozenset(self.scope_sku_ids),
            tags=frozenset(self.scope_tags),
            excluded_product_ids=frozenset(self.scope_excluded_product_ids),
        )

    @property
    def scope_is_everything(self) -> bool:
        return self.to_scope() == Scope()

    def clean_scope(self) -> None:
        """Lists hold positive integer ids (tags: known tag codes)."""
        errors = {}
        for name in self.ID_FIELDS:
            values = getattr(self, name)
            if not isinstance(values, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values
            ):
                errors[name] = _("请填写编号列表，如 [12, 15]")
        if not isinstance(self.scope_tags, list) or not set(self.scope_tags) <= set(PRODUCT_TAGS):
            errors["scope_tags"] = _("商品标记只能是：%(tags)s") % {"tags": "、".join(PRODUCT_TAGS)}
        if errors:
            raise ValidationError(errors)
