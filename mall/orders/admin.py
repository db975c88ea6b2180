"""Operators see every order, its lines, shipments and timeline. Read-only: states change only
through the services (buyer, seller and sweeps), never by editing a row."""

from django.contrib import admin

from mall.orders.models import CheckoutSubmission, Order, OrderEvent, OrderLine, Shipment


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OrderLineInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderLine
    fields = ("product_name", "spec_label", "unit_price", "quantity", "discount", "total",
              "shipped_quantity", "refunded")  # fmt: skip
    readonly_fields = fields


class ShipmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Shipment
    fields = ("carrier", "tracking_no", "shipped_by", "created_at")
    readonly_fields = fields


class OrderEventInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderEvent
    fields = ("at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("no", "shop", "buyer", "status", "total", "created_at", "settled_at")
    list_filter = ("status", "shop")
    search_fields = ("no", "buyer__mobile", "address__mobile")
    date_hierarchy = "created_at"
    list_select_related = ("shop", "buyer")
    inlines = [OrderLineInline, ShipmentInline, OrderEventInline]


@admin.register(CheckoutSubmission)
class CheckoutSubmissionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("key", "user", "order_ids", "payment_id", "created_at")
    search_fields = ("key", "user__mobile")
