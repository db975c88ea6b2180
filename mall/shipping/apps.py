from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "mall.shipping"
    verbose_name = _("物流运费")

    def ready(self) -> None:
        from mall.merchants import nav
        from mall.merchants.permissions import Perm

        nav.register(nav.NavItem("shipping:list", _("运费模板"), Perm.MANAGE_FREIGHT, order=60))
