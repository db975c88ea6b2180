"""Parse what the account pages post. Rules (limits, codes, lockout) live in services."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mall.customers.models import normalize_mobile
from mall.customers.services import (
    CONSIGNEE_MAX_LENGTH,
    DETAIL_MAX_LENGTH,
    NICKNAME_MAX_LENGTH,
    AddressInput,
)
from mall.regions import path_of


class MobileField(forms.CharField):
    default_error_messages = {
        "required": _("请输入手机号码"),
        "invalid": _("请输入正确的手机号码"),
    }

    def __init__(self, **kwargs):
        attrs = {
            "type": "tel",
            "inputmode": "numeric",
            "autocomplete": "tel",
            "maxlength": "20",
            "placeholder": _("请输入手机号"),
        }
        super().__init__(label=_("手机号"), widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value) -> str:
        value = super().to_python(value)
        mobile = normalize_mobile(value)
        if value and mobile is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return mobile or value


class SendCodeForm(forms.Form):
    mobile = MobileField()


class CodeLoginForm(forms.Form):
    mobile = MobileField()
    code = forms.CharField(
        label=_("验证码"),
        validators=[RegexValidator(r"^\d{6}$", _("请输入 6 位数字验证码"))],
        error_messages={"required": _("请输入验证码")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
                "placeholder": _("6 位验证码"),
            }
        ),
    )
    consent = forms.BooleanField(required=False)


class PasswordLoginForm(forms.Form):
    mobile = MobileField()
    password = forms.CharField(
        label=_("密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请输入密码")},
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "placeholder": _("请输入密码")}
        ),
    )


class ProfileForm(forms.Form):
    nickname = forms.CharField(
        label=_("昵称"),
        max_length=NICKNAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("给自己起个昵称")}),
    )


class PasswordForm(forms.Form):
    old_password = forms.CharField(
        label=_("当前密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请输入新密码")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("再次输入新密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请再次输入新密码")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的密码不一致"))
        return data


class AddressForm(forms.Form):
    """The address page's fields. The picker posts province, city and district; the address
    points at the district, or at the city when it has none (东莞市)."""

    consignee = forms.CharField(
        label=_("收货人"),
        max_length=CONSIGNEE_MAX_LENGTH,
        error_messages={"required": _("请填写收货人姓名")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": _("收货人姓名")}),
    )
    mobile = MobileField()
    province = forms.CharField(required=False)
    city = forms.CharField(required=False)
    district = forms.CharField(required=False)
    detail = forms.CharField(
        label=_("详细地址"),
        max_length=DETAIL_MAX_LENGTH,
        error_messages={"required": _("请填写详细地址")},
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "autocomplete": "street-address",
                "placeholder": _("街道、楼牌号、单元室等"),
            }
        ),
    )
    is_default = forms.BooleanField(label=_("设为默认收货地址"), required=False)

    @classmethod
    def for_address(cls, address) -> "AddressForm":
        codes = [region.code for region in path_of(address.region_code)]
        picked = dict(zip(("province", "city", "district"), codes, strict=False))
        return cls(
            initial={
                "consignee": address.consignee,
                "mobile": address.mobile,
                "detail": address.detail,
                "is_default": address.is_default,
                **picked,
            }
        )

    def address_input(self) -> AddressInput:
        data = self.cleaned_data
        return AddressInput(
            consignee=data["consignee"],
            mobile=data["mobile"],
            region_code=data["district"] or data["city"],
            detail=data["detail"],
            is_default=data["is_default"],
        )

    def picked_codes(self) -> tuple[str, str, str]:
        """The picker's three codes as posted or as initially set."""
        source = self.data if self.is_bound else self.initial
        return tuple(str(source.get(name) or "") for name in ("province", "city", "district"))
