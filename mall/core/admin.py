"""Admin building blocks shared by the apps."""


class ReadOnlyMixin:
    """For rows that only services write (orders, payments, the journal, stock movements):
    operators look, never add, edit or delete. Mix into a ModelAdmin or an inline."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
