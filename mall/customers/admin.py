from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from mall.customers.models import Address, User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "mobile")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin with the shopper fields: staff sign in here with their username."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("顾客资料"), {"fields": ("mobile", "nickname", "privacy_consented_at")}),
        *DjangoUserAdmin.fieldsets[1:],
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "mobile", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("privacy_consented_at", "last_login", "date_joined")
    list_display = ("username", "mobile", "nickname", "is_staff", "is_active", "date_joined")
    search_fields = ("username", "mobile", "nickname", "email")
    ordering = ("-date_joined",)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("consignee", "user", "region_names", "detail", "is_default", "updated_at")
    list_filter = ("is_default",)
    search_fields = ("consignee", "mobile", "user__mobile", "user__username")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
