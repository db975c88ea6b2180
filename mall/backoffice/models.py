"""What the back office keeps about a shop beyond `merchants.Shop`: the customer-service
details and the announcement the merchant edits on /seller/shop/."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mall.merchants.models import Shop


class ShopProfile(models.Model):
    shop = models.OneToOneField(
        Shop, on_delete=models.CASCADE, related_name="profile", verbose_name=_("店铺")
    )
    service_hours = models.CharField(
        _("客服时间"), max_length=64, blank=True, help_text=_("例如：每天 09:00–21:00")
    )
    service_phone = models.CharField(_("客服电话"), max_length=20, blank=True)
    announcement = models.CharField(_("店铺公告"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("店铺资料")
        verbose_name_plural = _("店铺资料")

    def __str__(self) -> str:
        return str(self.shop)
