import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mall.notifications import services
from mall.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: rows are written by services and changed by delivery. In development the
    login code is read here, in the params."""

    list_display = [
        "created_at", "recipient", "template", "params_inline", "status", "attempts",
        "next_attempt_at", "sent_at",
    ]  # fmt: skip
    list_filter = ["status", "template"]
    search_fields = ["recipient", "key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["requeue"]
    fields = [
        "key", "recipient", "template", "params_pretty", "status", "attempts",
        "next_attempt_at", "sent_at", "last_error", "created_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("模板参数"))
    def params_inline(self, obj: OutboxMessage) -> str:
        return json.dumps(obj.params, ensure_ascii=False)

    @admin.display(description=_("模板参数"))
    def params_pretty(self, obj: OutboxMessage) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.params, ensure_ascii=False, indent=2))

    @admin.action(description=_("重新发送选中的失败消息"), permissions=["change"])
    def requeue(self, request, queryset) -> None:
        count = services.requeue(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("已重新排队 %(count)d 条消息。", "已重新排队 %(count)d 条消息。", count)
            % {"count": count},
            messages.SUCCESS,
        )
