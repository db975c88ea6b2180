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
