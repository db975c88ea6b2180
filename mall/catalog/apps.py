from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "mall.catalog"
    verbose_name = _("商品目录")

    def ready(self) -> None:
        from mall.merchants import nav
        from mall.merchants.permissions import Perm

        nav.register(nav.NavItem("seller_products:list", _("商品"), Perm.EDIT_PRODUCTS, order=30))
