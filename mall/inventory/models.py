"""Every change of a SKU's stock made by the order flow, as a signed movement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Sku


class StockMovement(models.Model):
    """One change of one SKU's stock: negative when taken, positive when returned."""

    class Reason(models.TextChoices):
        ORDER_PLACED = "order_placed", _("下单扣减")
        ORDER_CANCELLED = "order_cancelled", _("取消返还")

    sku = models.ForeignKey(
        Sku, on_delete=models.CASCADE, related_name="stock_movements", verbose_name=_("SKU")
    )
    delta = models.IntegerField(_("变动数量"))
    reason = models.CharField(_("原因"), max_length=20, choices=Reason)
    reference = models.CharField(_("关联单据"), max_length=64, db_index=True)
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
