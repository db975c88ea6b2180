from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mall.catalog import services as catalog_services
from mall.catalog.admin import check_image_field
from mall.merchants.models import Shop, ShopMember


class ShopForm(forms.ModelForm):
    class Meta:
        model = Shop
        fields = (
            "name", "slug", "status", "tier", "commission_rate_bp", "logo", "banner", "intro",
            "location", "rating",
        )  # fmt: skip

    def clean_logo(self):
        return check_image_field(self.cleaned_data.get("logo"))

    def clean_banner(self):
        return check_image_field(self.cleaned_data.get("banner"))


class ShopMemberInline(admin.TabularInline):
    model = ShopMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    form = ShopForm
    inlines = [ShopMemberInline]
    list_display = ("name", "logo_preview", "slug", "status", "tier", "location", "created_at")
    list_editable = ("status", "tier")
    list_filter = ("status", "tier")
    search_fields = ("name", "slug", "location")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("店铺标志"))
    def logo_preview(self, obj: Shop) -> str:
        return format_html('<img src="{}" alt="" height="32">', obj.logo.url) if obj.logo else "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalog_services.shop_changed(obj)
