from django.contrib import admin

from mall.core.admin import ReadOnlyMixin
from mall.inventory.models import StockMovement


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "sku", "delta", "reason", "reference")
    list_filter = ("reason",)
    search_fields = ("reference", "sku__product__name")
    raw_id_fields = ("sku",)
