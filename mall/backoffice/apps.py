from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "mall.backoffice"
    verbose_name = _("商家后台")

    def ready(self) -> None:
        from mall.merchants.nav import NavItem, register
        from mall.merchants.permissions import Perm

        register(NavItem("backoffice:dashboard", _("工作台"), Perm.VIEW_DASHBOARD, order=10))
        register(NavItem("backoffice:money", _("资金"), Perm.VIEW_MONEY, order=75))
        register(NavItem("backoffice:shop", _("店铺设置"), Perm.EDIT_SHOP, order=80))
        register(NavItem("backoffice:staff", _("员工"), Perm.MANAGE_STAFF, order=85))
