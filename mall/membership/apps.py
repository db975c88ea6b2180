from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "mall.membership"
    verbose_name = _("会员与客户分组")
