from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mall.cart.models import Cart, CartLine


class CartLineInline(admin.TabularInline):
    model = CartLine
    fields = ["title", "sku", "quantity", "selected", "price_when_added", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    """Read-only: operators look at carts when helping a shopper; shoppers change them."""

    list_display = ["id", "user", "line_count", "updated_at"]
    search_fields = ["user__mobile"]
    list_select_related = ["user"]
    readonly_fields = ["user", "created_at", "updated_at"]
    inlines = [CartLineInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("商品种数"))
    def line_count(self, obj: Cart) -> int:
        return obj.lines.count()
