import re

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from mall.regions import region_names

MOBILE_PATTERN = r"^1[3-9]\d{9}$"
mobile_validator = RegexValidator(MOBILE_PATTERN, _("请输入正确的手机号码"))
_MOBILE_NOISE = re.compile(r"[\s\-()]")


def normalize_mobile(raw: str) -> str | None:
    """'+86 138-0013-8000' -> '13800138000'; None when it is not a mainland mobile number."""
    digits = _MOBILE_NOISE.sub("", raw or "")
    digits = re.sub(r"^(\+86|0086|86)(?=\d{11}$)", "", digits)
    return digits if re.fullmatch(MOBILE_PATTERN, digits) else None


def mask_mobile(mobile: str | None) -> str:
    """138****8000: how a phone number is shown back to people."""
    return f"{mobile[:3]}****{mobile[-4:]}" if mobile else ""


class User(AbstractUser):
    """A shopper or a staff member. Shoppers sign in by mainland mobile number."""

    mobile = models.CharField(
        _("手机号"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[mobile_validator],
    )
    nickname = models.CharField(_("昵称"), max_length=32, blank=True)
    privacy_consented_at = models.DateTimeField(_("同意隐私政策时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.nickname or self.mobile or self.username

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


def hash_login_code(mobile: str, code: str) -> str:
    """Keyed with SECRET_KEY, so a copy of the table alone cannot be turned back into codes."""
    return salted_hmac("mall.customers.SmsCode", f"{mobile}:{code}", algorithm="sha256").hexdigest()


class SmsCode(models.Model):
    """A login code sent by SMS. Only its hash is kept; the newest code of a number is the only
    one that counts."""

    mobile = models.CharField(_("手机号"), max_length=11)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["mobile", "-created_at"], name="smscode_latest")]

    def __str__(self) -> str:
        return f"{mask_mobile(self.mobile)} @ {self.created_at:%Y-%m-%d %H:%M:%S}"

    def matches(self, code: str) -> bool:
        return constant_time_compare(self.code_hash, hash_login_code(self.mobile, code))


class Address(models.Model):
    """A delivery address in a shopper's address book (收货地址)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    consignee = models.CharField(_("收货人"), max_length=32)
    mobile = models.CharField(_("手机号"), max_length=11, validators=[mobile_validator])
    region_code = models.CharField(_("所在地区"), max_length=6)
    detail = models.CharField(_("详细地址"), max_length=120)
    is_default = models.BooleanField(_("默认地址"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("收货地址")
        verbose_name_plural = _("收货地址")
        ordering = ["-is_default", "-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="one_default_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consignee} {self.region_names} {self.detail}"

    @property
    def region_names(self) -> str:
        """'上海市 上海市 黄浦区'"""
        return region_names(self.region_code)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    def snapshot(self) -> dict:
        """What an order keeps of the address: later edits must not change a placed order."""
        return {
            "consignee": self.consignee,
            "mobile": self.mobile,
            "region_code": self.region_code,
            "region_names": self.region_names,
            "detail": self.detail,
        }
