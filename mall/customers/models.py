from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A shopper or a staff member. Shoppers sign in by mainland mobile number."""

    mobile = models.CharField(_("手机号"), max_length=11, unique=True, null=True, blank=True)
    nickname = models.CharField(_("昵称"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.nickname or self.mobile or self.username

    @property
    def masked_mobile(self) -> str:
        """138****8000: how a phone number is shown back to people."""
        return f"{self.mobile[:3]}****{self.mobile[-4:]}" if self.mobile else ""
