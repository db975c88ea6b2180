from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "mall.ledger"
    verbose_name = _("账务")

    def ready(self) -> None:
        from mall.merchants import nav
        from mall.merchants.permissions import Perm

        nav.register(nav.NavItem("ledger:statements", _("结算对账"), Perm.VIEW_MONEY, order=70))
