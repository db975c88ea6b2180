from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "mall.membership"
    verbose_name = _("会员与客户分组")

    def ready(self) -> None:
        from mall.membership import receivers
        from mall.merchants import nav
        from mall.merchants.permissions import Perm
        from mall.orders import signals

        nav.register(
            nav.NavItem("membership:seller_list", _("会员与渠道价"), Perm.EDIT_PRICES, order=50)
        )
        signals.order_paid.connect(receivers.on_order_paid, dispatch_uid="membership-order-paid")
