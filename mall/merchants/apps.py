from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MerchantsConfig(AppConfig):
    name = "mall.merchants"
    verbose_name = _("商家")

    def ready(self) -> None:
        from mall.merchants.tiers import ensure_default_tiers

        post_migrate.connect(ensure_default_tiers, sender=self, dispatch_uid="merchants-tiers")
