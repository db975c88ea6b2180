from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mall.backoffice.services import STAFF_ROLES, ProfileInput
from mall.merchants.models import ShopMember

INTRO_MAX_LENGTH = 2000
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class ShopProfileForm(forms.Form):
    """Images are checked (size, type, readable) by the service before anything is stored."""

    logo = forms.FileField(
        label=_("店铺标志"), required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )  # fmt: skip
    banner = forms.FileField(
        label=_("店招"), required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )  # fmt: skip
    intro = forms.CharField(
        label=_("店铺简介"), required=False, max_length=INTRO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    service_hours = forms.CharField(
        label=_("客服时间"), required=False, max_length=64,
        widget=forms.TextInput(attrs={"placeholder": _("例如：每天 09:00–21:00")}),
    )  # fmt: skip
    service_phone = forms.CharField(
        label=_("客服电话"), required=False, max_length=20,
        validators=[RegexValidator(r"^[0-9][0-9\- ]{4,18}[0-9]$", _("请输入正确的电话号码"))],
    )  # fmt: skip
    announcement = forms.CharField(label=_("店铺公告"), required=False, max_length=200)

    def profile_input(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(
            intro=data["intro"].strip(),
            service_hours=data["service_hours"].strip(),
            service_phone=data["service_phone"].strip(),
            announcement=data["announcement"].strip(),
            logo=data["logo"] or None,
            banner=data["banner"] or None,
        )


def _role_choices() -> list[tuple[str, str]]:
    return [(role, ShopMember.Role(role).label) for role in STAFF_ROLES]


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("角色"), choices=_role_choices,
        error_messages={"invalid_choice": _("请选择店长、运营、客服或发货中的一个角色")},
    )  # fmt: skip


class StaffInviteForm(StaffRoleForm):
    mobile = forms.CharField(
        label=_("手机号"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )  # fmt: skip

    field_order = ["mobile", "role"]
