from django.contrib import admin

from mall.core.admin import ReadOnlyMixin
from mall.payments.models import Payment, Refund


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Payments change only through services (gateway notifications, refunds)."""


class RefundInline(admin.TabularInline):
    model = Refund
    fields = ["no", "amount", "reference", "status", "reason", "failure", "created_at",
              "succeeded_at"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["no", "buyer", "gateway", "amount", "refunded_amount", "status", "created_at"]
    list_filter = ["status", "gateway"]
    search_fields = ["no", "gateway_trade_no", "buyer__mobile"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["no", "payment", "amount", "reference", "status", "failure", "created_at"]
    list_filter = ["status"]
    search_fields = ["no", "payment__no", "reference", "key"]
