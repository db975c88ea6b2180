from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "mall.orders"
    verbose_name = _("订单")

    def ready(self) -> None:
        from mall.merchants import nav
        from mall.merchants.permissions import Perm
        from mall.orders import receivers
        from mall.payments import signals

        nav.register(nav.NavItem("orders:seller_list", _("订单"), Perm.VIEW_ORDERS, order=20))

        signals.payment_paid.connect(receivers.on_payment_paid, dispatch_uid="orders-paid")
        signals.refund_succeeded.connect(
            receivers.on_refund_succeeded, dispatch_uid="orders-refunded"
        )
        signals.refund_failed.connect(
            receivers.on_refund_failed, dispatch_uid="orders-refund-failed"
        )
