from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

BASIS_POINTS = 10_000
RATE_HELP = _("万分之几：500 即 5%，结算时按商品实付金额计算")


class Tier(models.Model):
    """A level of partnership (普通, 优选, 战略合作 …): what a shop pays the mall and gets from it.
    The code is the key, so the codes shops were created with stay valid."""

    STANDARD = "standard"
    PREFERRED = "preferred"
    STRATEGIC = "strategic"

    code = models.SlugField(_("代码"), max_length=16, primary_key=True)
    name = models.CharField(_("名称"), max_length=16, unique=True)
    commission_rate_bp = models.PositiveSmallIntegerField(
        _("基础佣金比例（万分之）"), validators=[MaxValueValidator(BASIS_POINTS)],
        help_text=RATE_HELP,
    )  # fmt: skip
    platform_fee_monthly = models.BigIntegerField(_("平台服务费（分/月）"), default=0)
    deposit = models.BigIntegerField(_("保证金（分）"), default=0)
    featured_slots = models.PositiveSmallIntegerField(_("首页推荐位（个）"), default=0)
    perks = models.TextField(_("权益说明"), blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("店铺等级")
        verbose_name_plural = _("店铺等级")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate_bp__lte=BASIS_POINTS), name="tier_rate_at_most_100pc"
            ),
            models.CheckConstraint(
                condition=Q(platform_fee_monthly__gte=0) & Q(deposit__gte=0),
                name="tier_fees_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TierCommission(models.Model):
    """A tier's commission for one level-1 category (and everything below it)."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="commissions")
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"level": 1}, verbose_name=_("一级类目"),
    )  # fmt: skip
    rate_bp = models.PositiveSmallIntegerField(
        _("佣金比例（万分之）"), validators=[MaxValueValidator(BASIS_POINTS)], help_text=RATE_HELP
    )

    class Meta:
        verbose_name = _("类目佣金")
        verbose_name_plural = _("类目佣金")
        ordering = ["tier", "category__position", "category_id"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "category"], name="one_rate_per_tier_category"),
            models.CheckConstraint(
                condition=Q(rate_bp__lte=BASIS_POINTS), name="tier_commission_at_most_100pc"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tier} · {self.category} · {self.rate_bp / 100:g}%"

    def clean(self) -> None:
        if self.category_id and self.category.level != 1:
            raise ValidationError({"category": _("类目佣金只能按一级类目设置")})


class ShopQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Shop.Status.OPEN)


class Shop(models.Model):
    """A merchant's shop inside the mall (opened by `services.open_shop`, e.g. on an approved
    招商 application)."""

    class Status(models.TextChoices):
        OPEN = "open", _("营业中")
        SUSPENDED = "suspended", _("已暂停")
        CLOSED = "closed", _("已关闭")

    name = models.CharField(_("店铺名称"), max_length=64, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=64, unique=True)
    logo = models.ImageField(_("店铺标志"), upload_to="shops/logos/", blank=True)
    banner = models.ImageField(_("店招"), upload_to="shops/banners/", blank=True)
    intro = models.TextField(_("店铺简介"), blank=True)
    location = models.CharField(_("所在楼层/位置"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.OPEN)
    tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, related_name="shops", db_column="tier",
        default=Tier.STANDARD, verbose_name=_("等级"),
    )  # fmt: skip
    rating = models.PositiveSmallIntegerField(_("评分（×10）"), default=48)
    commission_rate_bp = models.PositiveSmallIntegerField(
        _("协议佣金比例（万分之）"), null=True, blank=True,
        validators=[MaxValueValidator(BASIS_POINTS)],
        help_text=_("与店铺单独约定的佣金，适用于全部类目；留空则按店铺等级及类目佣金计算"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("店铺")
        verbose_name_plural = _("店铺")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def rating_display(self) -> str:
        return f"{self.rating / 10:.1f}"


class ShopMember(models.Model):
    """A user who works for a shop. Every seller-side read and write is scoped through this."""

    class Role(models.TextChoices):
        OWNER = "owner", _("店主")
        MANAGER = "manager", _("店长")
        OPERATIONS = "operations", _("运营")
        SERVICE = "service", _("客服")
        SHIPPING = "shipping", _("发货")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role, default=Role.OWNER)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("店铺成员")
        verbose_name_plural = _("店铺成员")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_shop_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.shop} · {self.user} · {self.get_role_display()}"


class ShopEvent(models.Model):
    """The audit trail of a shop: opened, tier changes, suspension, reopening, closing, deposit
    and fee movements — who, when, from what to what, and why."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("开通店铺")
        TIER_CHANGED = "tier_changed", _("调整等级")
        SUSPENDED = "suspended", _("暂停营业")
        REOPENED = "reopened", _("恢复营业")
        CLOSED = "closed", _("关闭店铺")
        DEPOSIT_PAID = "deposit_paid", _("缴纳保证金")
        DEPOSIT_REFUNDED = "deposit_refunded", _("退还保证金")
        FEE_CHARGED = "fee_charged", _("扣除平台服务费")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=24, choices=Kind)
    from_value = models.CharField(_("原值"), max_length=32, blank=True)
    to_value = models.CharField(_("新值"), max_length=32, blank=True)
    amount = models.BigIntegerField(_("金额（分）"), default=0)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )  # fmt: skip
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("店铺变更记录")
        verbose_name_plural = _("店铺变更记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.shop} · {self.get_kind_display()}"
