from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "mall.promotions"
    verbose_name = _("促销活动")

    def ready(self) -> None:
        from mall.catalog.signals import prices_changed
        from mall.merchants import nav
        from mall.merchants.permissions import Perm
        from mall.promotions import receivers

        nav.register(
            nav.NavItem("promotions:seller_list", _("营销活动"), Perm.MANAGE_PROMOTIONS, order=40)
        )
        prices_changed.connect(receivers.on_prices_changed, dispatch_uid="promotions-prices")
