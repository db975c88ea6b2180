"""Carts: one per signed-in shopper, or one per guest session (the session holds its id).

A line keeps the price its SKU had when it was added, so a price change since can be flagged,
and the product's name and spec as they were, so a line whose SKU is gone still says what it was.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Sku

MAX_LINE_QUANTITY = 99  # per line, until products carry their own purchase limit
MAX_LINES = 120


class Cart(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="cart", verbose_name=_("用户"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("购物车")
        verbose_name_plural = _("购物车")

    def __str__(self) -> str:
        return f"#{self.pk} {self.user or _('游客')}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class CartLine(models.Model):
    cart = models.ForeignKey(
        Cart, on_delete=models.CASCADE, related_name="lines", verbose_name=_("购物车")
    )
    sku = models.ForeignKey(
        Sku, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("SKU"),
    )  # fmt: skip
    title = models.CharField(_("商品名称"), max_length=200)
    quantity = models.PositiveIntegerField(_("数量"))
    selected = models.BooleanField(_("已勾选"), default=True)
    price_when_added = models.BigIntegerField(_("加入时单价（分）"))
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("购物车商品")
        verbose_name_plural = _("购物车商品")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "sku"], name="cart_line_sku_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_LINE_QUANTITY),
                name="cart_line_quantity_1_to_limit",
            ),
            models.CheckConstraint(
                condition=Q(price_when_added__gte=0), name="cart_line_price_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} × {self.quantity}"
