from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "mall.shipping"
    verbose_name = _("物流运费")
