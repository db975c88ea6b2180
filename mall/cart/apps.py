from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CartConfig(AppConfig):
    name = "mall.cart"
    verbose_name = _("购物车")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from mall.cart.identity import merge_at_login

        user_logged_in.connect(merge_at_login, dispatch_uid="cart.merge_at_login")
