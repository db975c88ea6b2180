"""Coupons: what the operator or a shop offers (`CouponTemplate`), codes that redeem one
(`CouponCode`) and the coupons in shoppers' wallets (`UserCoupon`).

A template is only a promise; each issued coupon copies its validity at issue (a fixed window,
or N days from the claim) and points back to the template for its value and scope, which cannot
change once coupons are out (the seller pages have no edit; the admin shows the issued count).
Counters (issued, redeemed) move by conditional UPDATEs the database also checks.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mall.merchants.models import Shop
from mall.pricing.rules import BASIS_POINTS, Coupon, CouponKind
from mall.promotions.scope import ScopedModel


class Channel(models.TextChoices):
    """How a template's coupons reach shoppers."""

    PUBLIC = "public", _("公开领取（领券中心、商品页、店铺页）")
    CODE = "code", _("兑换码")
    REGISTRATION = "registration", _("注册礼包")
    FIRST_ORDER = "first_order", _("首单奖励")
    SPEND_REWARD = "spend_reward", _("累计消费奖励")
    MANUAL = "manual", _("仅定向发放")


KIND_CHOICES = [
    (CouponKind.AMOUNT.value, _("满减券")),
    (CouponKind.PERCENT.value, _("折扣券")),
    (CouponKind.FREE_SHIPPING.value, _("包邮券")),
]


class SpendPeriod(models.TextChoices):
    ALL = "all", _("累计")
    YEAR = "year", _("本年")
    MONTH = "month", _("本月")


class Source(models.TextChoices):
    """Where one wallet coupon came from."""

    CENTRE = "centre", _("领券中心")
    PRODUCT = "product", _("商品页")
    SHOP = "shop", _("店铺页")
    CODE = "code", _("兑换码")
    REGISTRATION = "registration", _("注册礼包")
    FIRST_ORDER = "first_order", _("首单奖励")
    SPEND_REWARD = "spend_reward", _("累计消费奖励")
    BULK = "bulk", _("定向发放")
    OPERATOR = "operator", _("客服补发")


class CouponTemplate(ScopedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("发放中")
        PAUSED = "paused", _("已暂停")
        ENDED = "ended", _("已结束")

    name = models.CharField(_("名称"), max_length=64)
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, null=True, blank=True, related_name="coupon_templates",
        verbose_name=_("店铺"),
        help_text=_("留空为平台券（平台出资）；选择店铺为店铺券（店铺出资）"),
    )  # fmt: skip
    kind = models.CharField(_("类型"), max_length=16, choices=KIND_CHOICES)
    amount = models.BigIntegerField(_("减免金额（分）"), default=0)
    discount_bp = models.PositiveIntegerField(_("折扣（万分之）"), default=0)
    cap = models.BigIntegerField(_("最高减免（分）"), null=True, blank=True)
    threshold = models.BigIntegerField(_("使用门槛（分）"), default=0)
    valid_from = models.DateTimeField(_("有效期开始"), null=True, blank=True)
    valid_until = models.DateTimeField(_("有效期结束"), null=True, blank=True)
    valid_days = models.PositiveSmallIntegerField(
        _("领取后有效天数"), null=True, blank=True, help_text=_("填写后按领取时间计算有效期")
    )
    claim_starts_at = models.DateTimeField(_("开始领取"), null=True, blank=True)
    claim_ends_at = models.DateTimeField(_("停止领取"), null=True, blank=True)
    total_quantity = models.PositiveIntegerField(
        _("发行总量"), null=True, blank=True, help_text=_("留空表示不限量")
    )
    issued_count = models.PositiveIntegerField(_("已发放"), default=0, editable=False)
    per_user_limit = models.PositiveSmallIntegerField(_("每人限领"), default=1)
    stackable = models.BooleanField(
        _("可与其他券叠加"), default=True, help_text=_("不可叠加的券只能单独使用")
    )
    return_on_cancel = models.BooleanField(
        _("取消订单退回"), default=True, help_text=_("未付款订单取消后，未过期的券退回账户")
    )
    channel = models.CharField(
        _("发放方式"), max_length=16, choices=Channel, default=Channel.PUBLIC
    )
    spend_threshold = models.BigIntegerField(_("累计消费达到（分）"), default=0)
    spend_period = models.CharField(
        _("累计周期"), max_length=8, choices=SpendPeriod, default=SpendPeriod.ALL
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("创建人"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("优惠券")
        verbose_name_plural = _("优惠券")
        ordering = ["-id"]
        indexes = [models.Index(fields=["channel", "status"], name="coupon_template_channel")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_quantity__isnull=True) | Q(issued_count__lte=F("total_quantity")),
                name="coupon_issued_within_total",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, threshold__gte=0, spend_threshold__gte=0)
                & (Q(cap__isnull=True) | Q(cap__gte=0))
                & Q(discount_bp__lte=BASIS_POINTS),
                name="coupon_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining(self) -> int | None:
        """How many can still be issued (None = unlimited)."""
        if self.total_quantity is None:
            return None
        return max(self.total_quantity - self.issued_count, 0)

    def validity_for(self, claimed_at: datetime) -> tuple[datetime | None, datetime | None]:
        """(valid_from, valid_until) of a coupon issued at `claimed_at`."""
        if self.valid_days:
            return claimed_at, claimed_at + timedelta(days=self.valid_days)
        return self.valid_from, self.valid_until

    def as_coupon(self, coupon_id: int = 0, validity=(None, None)) -> Coupon:
        """The engine's view of a coupon of this template (`coupon_id` 0 for display only)."""
        return Coupon(
            id=coupon_id, name=self.name, kind=CouponKind(self.kind), amount=self.amount,
            discount_bp=self.discount_bp, cap=self.cap, threshold=self.threshold,
            scope=self.to_scope(), shop_id=self.shop_id, stackable=self.stackable,
            valid_from=validity[0], valid_until=validity[1],
        )  # fmt: skip

    def clean(self) -> None:
        """Refuse a coupon that cannot be honoured, with the field at fault."""
        super().clean()
        self.clean_scope()
        errors = {**self._value_errors(), **self._validity_errors(), **self._quantity_errors()}
        errors.update(self._shop_scope_errors())
        if errors:
            raise ValidationError(errors)

    def _value_errors(self) -> dict[str, str]:
        errors = {}
        if self.kind == CouponKind.AMOUNT:
            if self.amount <= 0:
                errors["amount"] = _("减免金额须大于 0")
            elif self.threshold and self.amount > self.threshold:
                errors["amount"] = _("满减券的减免金额不能超过使用门槛")
        if self.kind == CouponKind.PERCENT and not 100 <= self.discount_bp <= 9900:
            errors["discount_bp"] = _("折扣须在 1% 到 99% 之间")
        if self.cap is not None and self.cap < 0:
            errors["cap"] = _("最高减免不能为负数")
        if self.threshold < 0:
            errors["threshold"] = _("使用门槛不能为负数")
        if self.channel == Channel.SPEND_REWARD and self.spend_threshold <= 0:
            errors["spend_threshold"] = _("累计消费奖励须填写大于 0 的消费金额")
        return errors

    def _validity_errors(self) -> dict[str, str]:
        errors = {}
        if not self.valid_days and not self.valid_until:
            errors["valid_until"] = _("请填写有效期结束时间，或领取后有效天数")
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            errors["valid_until"] = _("有效期结束时间须晚于开始时间")
        if (
            self.claim_starts_at
            and self.claim_ends_at
            and self.claim_ends_at <= self.claim_starts_at
        ):
            errors["claim_ends_at"] = _("停止领取时间须晚于开始领取时间")
        return errors

    def _quantity_errors(self) -> dict[str, str]:
        errors = {}
        if self.total_quantity is not None and self.total_quantity < self.issued_count:
            errors["total_quantity"] = _("发行总量不能少于已发放的 %(count)d 张") % {
                "count": self.issued_count
            }
        if self.per_user_limit is not None and self.per_user_limit < 1:
            errors["per_user_limit"] = _("每人限领至少 1 张")
        return errors

    def _shop_scope_errors(self) -> dict[str, str]:
        """A shop's coupon applies to that shop's goods only."""
        if self.shop_id is None:
            return {}
        from mall.catalog.models import Product, Sku

        errors = {}
        if set(self.scope_shop_ids) - {self.shop_id}:
            errors["scope_shop_ids"] = _("店铺券只能用于本店商品")
        product_ids = {*self.scope_product_ids, *self.scope_excluded_product_ids}
        foreign = Product.objects.filter(pk__in=product_ids).exclude(shop_id=self.shop_id)
        if (
            foreign.exists()
            or Sku.objects.filter(pk__in=self.scope_sku_ids).exclude(shop_id=self.shop_id).exists()
        ):
            errors["scope_product_ids"] = _("店铺券只能用于本店商品，不能包含其他店铺的商品")
        return errors


class CouponCode(models.Model):
    """A code that redeems one coupon of its template (each shopper once)."""

    template = models.ForeignKey(
        CouponTemplate, on_delete=models.CASCADE, related_name="codes", verbose_name=_("优惠券")
    )
    code = models.CharField(_("兑换码"), max_length=32, unique=True)
    max_redemptions = models.PositiveIntegerField(
        _("可兑换次数"), null=True, blank=True, help_text=_("留空表示不限")
    )
    redeemed_count = models.PositiveIntegerField(_("已兑换"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("兑换码")
        verbose_name_plural = _("兑换码")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_redemptions__isnull=True)
                | Q(redeemed_count__lte=F("max_redemptions")),
                name="coupon_code_within_max",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalize_code(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.max_redemptions is not None and self.max_redemptions < self.redeemed_count:
            raise ValidationError(
                {"max_redemptions": _("可兑换次数不能少于已兑换的 %(count)d 次")
                 % {"count": self.redeemed_count}}
            )  # fmt: skip


def normalize_code(raw: str) -> str:
    """Codes are typed any case, with stray spaces: ' hushang2026 ' is HUSHANG2026."""
    return "".join((raw or "").split()).upper()


class UserCouponQuerySet(models.QuerySet):
    def unexpired(self, moment: datetime):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=moment))

    def expired(self, moment: datetime):
        return self.filter(valid_until__lte=moment)


class UserCoupon(models.Model):
    """A coupon in a shopper's wallet. Expired is not a status: it is `valid_until` passed."""

    class Status(models.TextChoices):
        UNUSED = "unused", _("未使用")
        USED = "used", _("已使用")

    template = models.ForeignKey(
        CouponTemplate, on_delete=models.PROTECT, related_name="issued", verbose_name=_("优惠券")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coupons",
        verbose_name=_("用户"),
    )  # fmt: skip
    status = models.CharField(_("状态"), max_length=8, choices=Status, default=Status.UNUSED)
    valid_from = models.DateTimeField(_("生效时间"), null=True, blank=True)
    valid_until = models.DateTimeField(_("过期时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    order_ids = models.JSONField(_("使用订单"), default=list, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=Source)
    key = models.CharField(_("发放键"), max_length=80)

    objects = UserCouponQuerySet.as_manager()

    class Meta:
        verbose_name = _("用户优惠券")
        verbose_name_plural = _("用户优惠券")
        ordering = ["-claimed_at", "-id"]
        indexes = [models.Index(fields=["user", "status", "valid_until"], name="coupon_wallet")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="coupon_key_unique_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} · {self.user}"

    def is_expired(self, moment: datetime) -> bool:
        return self.valid_until is not None and self.valid_until <= moment

    def as_coupon(self) -> Coupon:
        return self.template.as_coupon(self.pk, (self.valid_from, self.valid_until))


class CouponOrder(models.Model):
    """An order a used coupon went to, and whether it was cancelled: how a cancelled order
    finds its coupons on any database (a JSON list cannot be searched by element on SQLite).
    `UserCoupon.order_ids` keeps the same ids for people to read."""

    coupon = models.ForeignKey(UserCoupon, on_delete=models.CASCADE, related_name="uses")
    order_id = models.BigIntegerField(_("订单"), db_index=True)
    cancelled = models.BooleanField(_("已取消"), default=False)

    class Meta:
        verbose_name = _("用券订单")
        verbose_name_plural = _("用券订单")
        constraints = [
            models.UniqueConstraint(fields=["coupon", "order_id"], name="coupon_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.coupon_id} → {self.order_id}"
