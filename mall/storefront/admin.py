from django.contrib import admin

from mall.catalog.cache import bump_catalog_generation
from mall.storefront.models import Banner


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    """Saving or deleting a banner drops the cached home page, so the change shows at once."""

    list_display = ["title", "position", "is_active", "starts_at", "ends_at"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "subtitle"]
    ordering = ["position", "id"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_catalog_generation()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_catalog_generation()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_catalog_generation()
