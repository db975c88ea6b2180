from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouponsConfig(AppConfig):
    name = "mall.coupons"
    verbose_name = _("优惠券")

    def ready(self) -> None:
        from mall.coupons import receivers
        from mall.customers.signals import shopper_registered
        from mall.merchants import nav
        from mall.merchants.permissions import Perm
        from mall.orders.signals import order_paid

        nav.register(
            nav.NavItem("coupons:seller_list", _("优惠券"), Perm.MANAGE_PROMOTIONS, order=45)
        )
        shopper_registered.connect(
            receivers.on_shopper_registered, dispatch_uid="coupons-registration"
        )
        order_paid.connect(receivers.on_order_paid, dispatch_uid="coupons-order-paid")
