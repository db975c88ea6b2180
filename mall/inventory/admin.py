from django.contrib import admin

from mall.inventory.models import StockMovement


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = ("created_at", "sku", "delta", "reason", "reference")
    list_filter = ("reason",)
    search_fields = ("reference", "sku__product__name")
    raw_id_fields = ("sku",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
