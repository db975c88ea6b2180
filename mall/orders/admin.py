"""Operators see every order, its lines, shipments and timeline. Read-only: states change only
through the services (buyer, seller and sweeps), never by editing a row."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.core.admin import ReadOnlyMixin
from mall.orders import services
from mall.orders.errors import OrderError
from mall.orders.models import CheckoutSubmission, Order, OrderEvent, OrderLine, Shipment


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
    actions = ["retry_failed_refunds"]

    @admin.action(description=gettext_lazy("重新发起失败的退款"))
    def retry_failed_refunds(self, request, queryset) -> None:
        """The gateway refused a refund (the timeline says 退款失败): ask it again."""
        asked = 0
        for order_id in queryset.values_list("pk", flat=True):
            try:
                asked += services.retry_failed_refunds(order_id, actor=request.user)
            except OrderError as error:
                self.message_user(request, error.message, messages.ERROR)
        self.message_user(request, _("已重新发起 %(count)s 笔退款") % {"count": asked})


@admin.register(CheckoutSubmission)
class CheckoutSubmissionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("key", "user", "order_ids", "payment_id", "created_at")
    search_fields = ("key", "user__mobile")
