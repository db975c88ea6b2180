"""Member levels, customer groups, each shopper's profile, and the price lists the GROUP and
MEMBER layers of pricing read: channel ladder prices (阶梯价), minimum order quantities (起订量)
and member prices (会员价). Money is integer fen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mall.catalog.models import Sku
from mall.membership import checks


class MemberLevel(models.Model):
    """A member level: reached when the shopper's cumulative paid spend reaches `threshold`.
    Levels are named by `rank` everywhere else (0 普通会员, 1 银卡, 2 金卡, 3 钻石)."""

    rank = models.PositiveSmallIntegerField(_("等级序号"), unique=True)
    name = models.CharField(_("名称"), max_length=16)
    threshold = models.BigIntegerField(_("升级门槛（分）"), default=0, help_text=_("累计实付金额"))
    perks = models.TextField(_("会员权益"), blank=True, help_text=_("每行一条"))

    class Meta:
        verbose_name = _("会员等级")
        verbose_name_plural = _("会员等级")
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0), name="memberlevel_threshold_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def perk_lines(self) -> list[str]:
        return [line.strip() for line in self.perks.splitlines() if line.strip()]

    def clean(self) -> None:
        others = MemberLevel.objects.exclude(pk=self.pk).values_list("rank", "threshold", "name")
        problems = checks.level_problems([*others, (self.rank, self.threshold, self.name)])
        if problems:
            raise ValidationError(problems)


class CustomerGroup(models.Model):
    """A channel: 代理商 (agent), 批发商 (wholesaler), 经销商 (dealer), 零售 (retail). The code
    is what pricing rules and price lists name."""

    code = models.SlugField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=16)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("客户分组")
        verbose_name_plural = _("客户分组")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CustomerProfile(models.Model):
    """What pricing knows about a shopper beyond the account. Created on first need (the first
    paid order, or an operator setting a group); a shopper without one is a new, ordinary,
    retail shopper. `member_rank` is the level reached (never lowered automatically);
    `level_locked` = an operator chose it and spend no longer moves it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_profile",
        verbose_name=_("用户"),
    )  # fmt: skip
    group = models.ForeignKey(
        CustomerGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="profiles",
        verbose_name=_("客户分组"),
    )  # fmt: skip
    tags = models.JSONField(_("标签"), default=list, blank=True)
    cumulative_spend = models.BigIntegerField(_("累计实付（分）"), default=0)
    paid_orders = models.PositiveIntegerField(_("已付款订单数"), default=0)
    member_rank = models.PositiveSmallIntegerField(_("会员等级"), default=0)
    level_locked = models.BooleanField(
        _("锁定等级"), default=False, help_text=_("由运营指定，不随消费自动升级")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("顾客档案")
        verbose_name_plural = _("顾客档案")
        constraints = [
            models.CheckConstraint(
                condition=Q(cumulative_spend__gte=0), name="customerprofile_spend_gte_0"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class SpendRecord(models.Model):
    """One paid order counted into a shopper's spend: the unique order id makes a replayed
    `order_paid` add nothing, and the rows let spend be summed per period."""

    order_id = models.BigIntegerField(_("订单"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spend_records",
        verbose_name=_("用户"),
    )  # fmt: skip
    amount = models.BigIntegerField(_("金额（分）"))
    at = models.DateTimeField(_("付款时间"))

    class Meta:
        verbose_name = _("消费记录")
        verbose_name_plural = _("消费记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="spendrecord_user_at")]

    def __str__(self) -> str:
        return f"{self.user} #{self.order_id}"


class SkuPriceEntry(models.Model):
    """What every price-list row has: the SKU it prices."""

    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, verbose_name=_("SKU"))

    class Meta:
        abstract = True

    def _raise(self, problems: list[str]) -> None:
        if problems:
            raise ValidationError(problems)


class GroupPrice(SkuPriceEntry):
    """One step of a group's ladder for a SKU: from `min_quantity` pieces on a line, each costs
    `unit_price`. A ladder = the rows of one SKU and group."""

    group = models.ForeignKey(
        CustomerGroup, on_delete=models.PROTECT, related_name="prices", verbose_name=_("客户分组")
    )
    min_quantity = models.PositiveIntegerField(_("起购数量"), default=1)
    unit_price = models.BigIntegerField(_("单价（分）"))

    class Meta:
        verbose_name = _("渠道阶梯价")
        verbose_name_plural = _("渠道阶梯价")
        ordering = ["sku", "group", "min_quantity"]
        default_related_name = "group_prices"
        constraints = [
            models.UniqueConstraint(
                fields=["sku", "group", "min_quantity"], name="groupprice_unique_step"
            ),
            models.CheckConstraint(condition=Q(min_quantity__gte=1), name="groupprice_qty_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="groupprice_price_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.group} ≥{self.min_quantity}"

    def clean(self) -> None:
        if self.sku_id is None or self.group_id is None or self.unit_price is None:
            return
        siblings = GroupPrice.objects.filter(sku_id=self.sku_id, group_id=self.group_id)
        steps = list(siblings.exclude(pk=self.pk).values_list("min_quantity", "unit_price"))
        self._raise(
            checks.ladder_problems(self.sku.price, [*steps, (self.min_quantity, self.unit_price)])
        )


class MinimumOrderQuantity(SkuPriceEntry):
    """A group buys at least `quantity` of this SKU on one line (起订量)."""

    group = models.ForeignKey(
        CustomerGroup, on_delete=models.PROTECT, related_name="minimums",
        verbose_name=_("客户分组"),
    )  # fmt: skip
    quantity = models.PositiveIntegerField(_("起订量"))

    class Meta:
        verbose_name = _("起订量")
        verbose_name_plural = _("起订量")
        ordering = ["sku", "group"]
        default_related_name = "minimum_quantities"
        constraints = [
            models.UniqueConstraint(fields=["sku", "group"], name="moq_unique_sku_group"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="moq_quantity_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.group} ≥{self.quantity}"

    def clean(self) -> None:
        if self.quantity is not None:
            self._raise(checks.minimum_problems(self.quantity))


class MemberPrice(SkuPriceEntry):
    """A SKU's 会员价 for members of `min_rank` (1 = 银卡) and above; the highest rank that
    applies wins."""

    min_rank = models.PositiveSmallIntegerField(_("适用等级"))
    unit_price = models.BigIntegerField(_("会员价（分）"))

    class Meta:
        verbose_name = _("会员价")
        verbose_name_plural = _("会员价")
        ordering = ["sku", "min_rank"]
        default_related_name = "member_prices"
        constraints = [
            models.UniqueConstraint(fields=["sku", "min_rank"], name="memberprice_unique_rank"),
            models.CheckConstraint(condition=Q(min_rank__gte=1), name="memberprice_rank_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="memberprice_price_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} ≥{self.min_rank}"

    def clean(self) -> None:
        if self.sku_id is None or self.min_rank is None or self.unit_price is None:
            return
        others = MemberPrice.objects.filter(sku_id=self.sku_id).exclude(pk=self.pk)
        prices = [*others.values_list("min_rank", "unit_price"), (self.min_rank, self.unit_price)]
        names = dict(MemberLevel.objects.values_list("rank", "name"))
        self._raise(checks.member_price_problems(self.sku.price, prices, names))
