"""Every change of a SKU's stock, by the order flow or by the seller, as a signed movement."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Sku


class StockMovement(models.Model):
    """One change of one SKU's stock: negative when taken, positive when returned."""

    class Reason(models.TextChoices):
        ORDER_PLACED = "order_placed", _("下单扣减")
        ORDER_CANCELLED = "order_cancelled", _("取消返还")
        INITIAL = "initial", _("初始库存")
        STOCKTAKE = "stocktake", _("盘点")
        RESTOCK = "restock", _("补货")
        LOSS = "loss", _("损耗")
        RETURN = "return", _("退货入库")
        CORRECTION = "correction", _("更正")

    sku = models.ForeignKey(
        Sku, on_delete=models.CASCADE, related_name="stock_movements", verbose_name=_("SKU")
    )
    delta = models.IntegerField(_("变动数量"))
    reason = models.CharField(_("原因"), max_length=20, choices=Reason)
    reference = models.CharField(_("关联单据"), max_length=64, db_index=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("操作人"), related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("库存变动")
        verbose_name_plural = _("库存变动")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(delta=0), name="stock_movement_nonzero"),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} {self.delta:+d} {self.reference}"
