"""Promotions the operator and merchants run: one `Promotion` row per rule of any layer
(catalogue price cuts, order rules 满减/满折/买赠/第N件, 包邮), with its recurring windows,
special prices and joint-funding shares, its budget and what has been spent of it, and the
campaign page it may have. `selectors.rule_for` turns a row into the engine's rule.

Money is integer fen; rates are basis points (2000 = 20 % off = 8折)."""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Sku
from mall.merchants.models import Shop
from mall.pricing.rules import BASIS_POINTS, Basis, Layer
from mall.promotions.scope import ScopedModel

MIDNIGHT = time(0)
CUSTOMER_GROUPS = {
    "agent": _("代理商"),
    "wholesaler": _("批发商"),
    "dealer": _("经销商"),
    "retail": _("零售"),
}


class Promotion(ScopedModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("折扣")
        AMOUNT = "amount", _("立减")
        SPECIAL = "special", _("特价")
        REDUCTION = "reduction", _("满减")
        DISCOUNT = "discount", _("满折")
        GIFT = "gift", _("买赠")
        NTH_ITEM = "nth_item", _("第N件优惠")
        FREE_SHIPPING = "free_shipping", _("包邮")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        RUNNING = "running", _("进行中")  # also "scheduled": running with a future starts_at
        PAUSED = "paused", _("已暂停")
        ENDED = "ended", _("已结束")
        EXHAUSTED = "exhausted", _("预算已用完")

    CATALOGUE_KINDS = frozenset({Kind.PERCENT, Kind.AMOUNT, Kind.SPECIAL})
    ORDER_KINDS = frozenset({Kind.REDUCTION, Kind.DISCOUNT, Kind.GIFT, Kind.NTH_ITEM})
    TIERED_KINDS = frozenset({Kind.REDUCTION, Kind.DISCOUNT, Kind.GIFT})

    name = models.CharField(_("活动名称"), max_length=60)
    slug = models.SlugField(_("网址标识"), max_length=64, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind)
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, null=True, blank=True, related_name="promotions",
        verbose_name=_("店铺"), help_text=_("留空为平台活动（平台出资）；选定店铺则为店铺自营活动"),
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    # audience
    min_member_rank = models.PositiveSmallIntegerField(
        _("最低会员等级"), default=0, help_text=_("0 表示所有人")
    )
    audience_groups = models.JSONField(
        _("客户类型"), default=list, blank=True, help_text=_("留空表示不限")
    )
    audience_tags = models.JSONField(
        _("顾客标签"), default=list, blank=True, help_text=_("留空表示不限")
    )
    new_shoppers_only = models.BooleanField(_("仅限新人"), default=False)
    # schedule
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # parameters (which ones matter depends on the kind)
    discount_bp = models.IntegerField(
        _("折扣（基点）"), default=0, help_text=_("减去的比例，2000 = 减 20%，即 8折")
    )
    amount = models.BigIntegerField(_("立减金额（分）"), default=0)
    basis = models.CharField(
        _("门槛依据"), max_length=16, default=Basis.AMOUNT,
        choices=[(Basis.AMOUNT.value, _("金额")), (Basis.QUANTITY.value, _("件数"))],
    )  # fmt: skip
    tiers = models.JSONField(
        _("阶梯"), default=list, blank=True,
        help_text=_("[[门槛, 优惠], …]：满减为分，满折为基点，买赠只用第一档门槛"),
    )  # fmt: skip
    repeat = models.BooleanField(_("上不封顶（每满）"), default=False)
    repeat_cap = models.BigIntegerField(_("每满封顶（分）"), null=True, blank=True)
    gift_sku = models.ForeignKey(
        Sku, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("赠品 SKU"),
    )  # fmt: skip
    gift_quantity = models.PositiveIntegerField(_("赠品数量"), default=1)
    nth = models.PositiveSmallIntegerField(_("第几件"), default=2)
    threshold = models.BigIntegerField(_("包邮门槛"), default=0, help_text=_("0 表示无门槛"))
    region_prefixes = models.JSONField(
        _("包邮地区"), default=list, blank=True, help_text=_('地区编码前缀，如 ["31"]；留空为全国')
    )
    exclusive_group = models.CharField(
        _("互斥组"), max_length=32, blank=True, help_text=_("同组活动只取对顾客最优的一个")
    )
    priority = models.IntegerField(_("优先级"), default=0)
    # budget
    budget = models.BigIntegerField(
        _("预算（分）"), null=True, blank=True, help_text=_("留空表示不限")
    )
    spent = models.BigIntegerField(_("已用预算（分）"), default=0, editable=False)
    # campaign page
    banner = models.ImageField(_("活动横幅"), upload_to="campaigns/", blank=True)
    intro = models.TextField(_("活动介绍"), blank=True, help_text=_("保存时会清理不安全的 HTML"))
    show_on_home = models.BooleanField(_("首页展示"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("促销活动")
        verbose_name_plural = _("促销活动")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(spent__gte=0), name="promotion_spent_gte_0"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(spent__lte=F("budget")),
                name="promotion_spent_lte_budget",
            ),
            models.CheckConstraint(
                condition=Q(discount_bp__gte=0) & Q(discount_bp__lt=BASIS_POINTS),
                name="promotion_discount_bp_range",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(threshold__gte=0),
                name="promotion_amounts_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="promotion_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from mall.promotions.validation import check_promotion

        self.clean_scope()
        check_promotion(self)

    @property
    def layer(self) -> Layer:
        if self.kind in self.CATALOGUE_KINDS:
            return Layer.CATALOGUE
        if self.kind in self.ORDER_KINDS:
            return Layer.ORDER
        return Layer.SHIPPING

    @property
    def key(self) -> str:
        return f"promotion:{self.pk}"

    @property
    def budget_left(self) -> int | None:
        return None if self.budget is None else self.budget - self.spent


class PromotionWindow(models.Model):
    """A recurring wall-clock slot (Asia/Shanghai) the promotion runs in; none = all day. An
    `end` of 00:00 is midnight at the end of the day (00:00–00:00 = the whole day)."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="windows", verbose_name=_("活动")
    )
    weekdays = models.JSONField(
        _("星期"), default=list, blank=True, help_text=_("0 = 周一 … 6 = 周日；留空为每天")
    )
    start = models.TimeField(_("开始"))
    end = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("时段")
        verbose_name_plural = _("时段")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")) | Q(end=MIDNIGHT), name="window_end_after_start"
            )
        ]

    def __str__(self) -> str:
        end = "24:00" if self.end == MIDNIGHT else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}–{end}"

    def clean(self) -> None:
        from mall.promotions.validation import check_window

        check_window(self)


class SpecialPrice(models.Model):
    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="special_prices",
        verbose_name=_("活动"),
    )  # fmt: skip
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="+", verbose_name=_("SKU"))
    unit_price = models.BigIntegerField(_("特价（分）"))

    class Meta:
        verbose_name = _("特价")
        verbose_name_plural = _("特价")
        constraints = [
            models.UniqueConstraint(fields=["promotion", "sku"], name="special_price_unique"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="special_price_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id}: {self.unit_price}"

    def clean(self) -> None:
        from mall.promotions.validation import check_special_price

        check_special_price(self)


class JointShare(models.Model):
    """Who pays how much of a joint promotion's discounts (shop empty = the platform)."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="joint_shares", verbose_name=_("活动")
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("出资方"), help_text=_("留空为平台"),
    )  # fmt: skip
    share_bp = models.PositiveIntegerField(_("分摊比例（基点）"), help_text=_("5000 = 50%"))

    class Meta:
        verbose_name = _("联合出资")
        verbose_name_plural = _("联合出资")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "shop"], name="joint_share_unique"),
            models.CheckConstraint(
                condition=Q(share_bp__gt=0) & Q(share_bp__lte=BASIS_POINTS),
                name="joint_share_bp_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop or _('平台')} {self.share_bp}"


class PromotionUsage(models.Model):
    """What one order took from a promotion; `released_at` set when a cancelled unpaid order
    gave it back (to the budget, when the promotion has one)."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.PROTECT, related_name="usages", verbose_name=_("活动")
    )
    order_id = models.BigIntegerField(_("订单"), db_index=True)
    amount = models.BigIntegerField(_("优惠金额（分）"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    released_at = models.DateTimeField(_("退回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("使用记录")
        verbose_name_plural = _("使用记录")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "order_id"], name="usage_once_per_order"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="usage_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.promotion_id} / {self.order_id}: {self.amount}"


class PromotionEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        UPDATED = "updated", _("修改")
        STARTED = "started", _("开始")
        PAUSED = "paused", _("暂停")
        RESUMED = "resumed", _("恢复")
        ENDED = "ended", _("结束")
        EXHAUSTED = "exhausted", _("预算用完")
        REPLENISHED = "replenished", _("预算退回")

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="events", verbose_name=_("活动")
    )
    kind = models.CharField(_("操作"), max_length=16, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )  # fmt: skip
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.promotion_id} {self.get_kind_display()}"
