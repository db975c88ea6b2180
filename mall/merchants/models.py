from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShopQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Shop.Status.OPEN)


class Shop(models.Model):
    """A merchant's shop inside the mall. Onboarding (招商) arrives in a later issue."""

    class Status(models.TextChoices):
        OPEN = "open", _("营业中")
        SUSPENDED = "suspended", _("已暂停")
        CLOSED = "closed", _("已关闭")

    class Tier(models.TextChoices):
        STANDARD = "standard", _("普通")
        PREFERRED = "preferred", _("优选")
        STRATEGIC = "strategic", _("战略合作")

    name = models.CharField(_("店铺名称"), max_length=64, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=64, unique=True)
    logo = models.ImageField(_("店铺标志"), upload_to="shops/logos/", blank=True)
    banner = models.ImageField(_("店招"), upload_to="shops/banners/", blank=True)
    intro = models.TextField(_("店铺简介"), blank=True)
    location = models.CharField(_("所在楼层/位置"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.OPEN)
    tier = models.CharField(_("等级"), max_length=16, choices=Tier, default=Tier.STANDARD)
    rating = models.PositiveSmallIntegerField(_("评分（×10）"), default=48)
    commission_rate_bp = models.PositiveSmallIntegerField(
        _("佣金比例（万分之）"), default=500, help_text=_("500 即 5%，结算时按商品实付金额计算")
    )
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
