"""Orders (one per shop of a checkout), their lines, shipments and the timeline of their states.

Money is integer fen. An order's status changes only through `orders.services`, which checks
the transition table and records an OrderEvent for each change.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Product, Sku
from mall.merchants.models import Shop
from mall.shipping.carriers import CARRIERS


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("待付款")
    PAID = "paid", _("待发货")
    SHIPPED = "shipped", _("待收货")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已取消")
    REFUNDING = "refunding", _("退款中")
    REFUNDED = "refunded", _("已退款")


class Order(models.Model):
    no = models.CharField(_("订单号"), max_length=32, unique=True)
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="orders", verbose_name=_("店铺")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders",
        verbose_name=_("买家"),
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=16, choices=OrderStatus, default=OrderStatus.PENDING_PAYMENT
    )
    goods = models.BigIntegerField(_("商品金额（分）"))
    discount = models.BigIntegerField(_("优惠（分）"), default=0)
    freight = models.BigIntegerField(_("运费（分）"), default=0)
    total = models.BigIntegerField(_("应付（分）"))
    refunded = models.BigIntegerField(_("已退款（分）"), default=0)
    breakdown = models.JSONField(_("价格明细"), default=dict)
    address = models.JSONField(_("收货地址"), default=dict)
    note = models.CharField(_("买家留言"), max_length=200, blank=True)
    payment_id = models.BigIntegerField(_("支付单"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("下单时间"), auto_now_add=True)
    paid_at = models.DateTimeField(_("付款时间"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("发货时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    settled_at = models.DateTimeField(_("结算时间"), null=True, blank=True)
    deleted_by_buyer = models.BooleanField(_("买家已删除"), default=False)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["buyer", "status", "-id"], name="order_buyer_status"),
            models.Index(fields=["shop", "status", "-id"], name="order_shop_status"),
            models.Index(fields=["status", "created_at"], name="order_status_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("goods") - F("discount") + F("freight")),
                name="order_total_is_goods_minus_discount_plus_freight",
            ),
            models.CheckConstraint(
                condition=Q(goods__gte=0, discount__gte=0, freight__gte=0, total__gte=0),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(refunded__gte=0, refunded__lte=F("total")),
                name="order_refunded_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.no

    @property
    def stock_held(self) -> bool:
        """Its goods are still taken from stock (nothing was cancelled or refunded)."""
        return self.status in {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID}


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("订单")
    )
    sku = models.ForeignKey(
        Sku, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("SKU")
    )
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("商品")
    )
    product_name = models.CharField(_("商品名称"), max_length=120)
    spec_label = models.CharField(_("规格"), max_length=200, blank=True)
    image = models.CharField(_("图片"), max_length=255, blank=True)
    unit_price = models.BigIntegerField(_("单价（分）"))
    quantity = models.PositiveIntegerField(_("数量"))
    goods = models.BigIntegerField(_("商品金额（分）"))
    discount = models.BigIntegerField(_("分摊优惠（分）"), default=0)
    total = models.BigIntegerField(_("实付（分）"))
    shipped_quantity = models.PositiveIntegerField(_("已发货数量"), default=0)
    refunded = models.BigIntegerField(_("已退款（分）"), default=0)
    cancelled_at = models.DateTimeField(
        _("退款取消时间"), null=True, blank=True, help_text=_("商家在发货前退掉了这件商品")
    )
    commission_rate_bp = models.PositiveSmallIntegerField(
        _("佣金比例（万分之）"), help_text=_("下单时店铺该类目的佣金比例，结算时按它收取佣金")
    )
    is_gift = models.BooleanField(_("赠品"), default=False, help_text=_("买赠活动送的，价格为 0"))

    class Meta:
        verbose_name = _("订单商品")
        verbose_name_plural = _("订单商品")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_gte_1"),
            models.CheckConstraint(
                condition=Q(goods=F("unit_price") * F("quantity")),
                name="order_line_goods_is_unit_times_quantity",
            ),
            models.CheckConstraint(
                condition=Q(total=F("goods") - F("discount"), total__gte=0),
                name="order_line_total_is_goods_minus_discount",
            ),
            models.CheckConstraint(
                condition=Q(shipped_quantity__lte=F("quantity")),
                name="order_line_shipped_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(refunded__gte=0, refunded__lte=F("total")),
                name="order_line_refunded_within_total",
            ),
            models.CheckConstraint(
                condition=Q(commission_rate_bp__lte=10_000),
                name="order_line_commission_at_most_100pc",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} {self.spec_label} ×{self.quantity}".strip()

    @property
    def unshipped_quantity(self) -> int:
        """What is still to ship; nothing once the line was refunded before shipment."""
        return 0 if self.cancelled_at else self.quantity - self.shipped_quantity


class OrderEvent(models.Model):
    """One entry of an order's timeline: who moved it from which state to which, and why."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("订单")
    )
    from_status = models.CharField(_("原状态"), max_length=16, choices=OrderStatus, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=OrderStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )  # fmt: skip
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("订单记录")
        verbose_name_plural = _("订单记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class Shipment(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="shipments", verbose_name=_("订单")
    )
    carrier = models.CharField(_("快递公司"), max_length=16)
    tracking_no = models.CharField(_("运单号"), max_length=40)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("发货人"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("发货时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发货单")
        verbose_name_plural = _("发货单")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "carrier", "tracking_no"], name="shipment_tracking_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_no}"

    @property
    def carrier_name(self) -> str:
        carrier = CARRIERS.get(self.carrier)
        return str(carrier.name) if carrier else self.carrier


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("发货单")
    )
    line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="shipment_lines",
        verbose_name=_("订单商品"),
    )  # fmt: skip
    quantity = models.PositiveIntegerField(_("数量"))

    class Meta:
        verbose_name = _("发货商品")
        verbose_name_plural = _("发货商品")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="shipment_line_qty_gte_1")
        ]

    def __str__(self) -> str:
        return f"{self.line_id} ×{self.quantity}"


class CheckoutSubmission(models.Model):
    """A checkout request by idempotency key: a retry with the same body gets the same orders,
    the same key with another body is refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("用户"),
    )  # fmt: skip
    key = models.CharField(_("幂等键"), max_length=64)
    body_hash = models.CharField(_("请求摘要"), max_length=64)
    order_ids = models.JSONField(_("订单"), default=list)
    payment_id = models.BigIntegerField(_("支付单"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("结算提交")
        verbose_name_plural = _("结算提交")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="checkout_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.key
