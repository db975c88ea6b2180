from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "mall.payments"
    verbose_name = _("支付")

    def ready(self) -> None:
        from mall.payments import outbox

        outbox.register()
