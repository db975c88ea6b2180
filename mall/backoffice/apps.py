from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "mall.backoffice"
    verbose_name = _("商家后台")
