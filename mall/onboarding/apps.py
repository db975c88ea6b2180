from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "mall.onboarding"
    verbose_name = _("招商入驻")
