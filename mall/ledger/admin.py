from django.contrib import admin

from mall.core.admin import ReadOnlyMixin
from mall.ledger.models import Account, Entry, Line


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The journal is written by services only; the admin is for looking."""


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "balance"]
    list_filter = ["kind"]
    search_fields = ["code"]


class LineInline(admin.TabularInline):
    model = Line
    fields = ["account", "amount", "reference"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["reason", "memo", "created_at"]
    search_fields = ["reason", "lines__reference"]
    date_hierarchy = "created_at"
    inlines = [LineInline]
