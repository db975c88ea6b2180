from django.contrib import admin

from mall.storefront.models import Banner


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "is_active", "starts_at", "ends_at"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "subtitle"]
    ordering = ["position", "id"]
