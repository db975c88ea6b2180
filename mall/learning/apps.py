from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "mall.learning"
    verbose_name = _("商家学堂")

    def ready(self) -> None:
        from mall.merchants import nav
        from mall.merchants.permissions import Perm

        nav.register(nav.NavItem("learning:list", _("商家学堂"), Perm.READ_LEARNING, order=90))
