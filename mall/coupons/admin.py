"""The operators' coupons: templates with issued / used / remaining and the usage rate, pause
and end, 定向发放 to a segment on an intermediate page, codes, and the wallets read-only."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.core.admin import ReadOnlyMixin
from mall.coupons import services
from mall.coupons.errors import CouponError
from mall.coupons.forms import BulkIssueForm, TemplateForm
from mall.coupons.models import CouponCode, CouponTemplate, UserCoupon

Status = CouponTemplate.Status


class CouponCodeInline(admin.TabularInline):
    model = CouponCode
    fields = ("code", "max_redemptions", "redeemed_count")
    readonly_fields = ("redeemed_count",)
    extra = 0


@admin.register(CouponTemplate)
class CouponTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    inlines = [CouponCodeInline]
    list_display = ("name", "shop_name", "kind", "channel", "status", "issued_count",
                    "used", "remaining_display", "usage_rate")  # fmt: skip
    list_filter = ("status", "channel", "kind", ("shop", admin.EmptyFieldListFilter))
    list_select_related = ("shop",)
    search_fields = ("name", "shop__name", "codes__code")
    readonly_fields = ("issued_count", "created_by", "created_at", "updated_at")
    raw_id_fields = ("shop",)
    actions = ("pause", "end", "bulk_issue")

    def get_queryset(self, request):
        used = Count("issued", filter=Q(issued__status=UserCoupon.Status.USED))
        return super().get_queryset(request).annotate(used_count=used)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("出资方"), ordering="shop__name")
    def shop_name(self, template: CouponTemplate) -> str:
        return template.shop.name if template.shop_id else _("平台")

    @admin.display(description=gettext_lazy("已使用"), ordering="used_count")
    def used(self, template: CouponTemplate) -> int:
        return template.used_count

    @admin.display(description=gettext_lazy("剩余"))
    def remaining_display(self, template: CouponTemplate) -> str:
        remaining = template.remaining
        return _("不限") if remaining is None else str(remaining)

    @admin.display(description=gettext_lazy("使用率"))
    def usage_rate(self, template: CouponTemplate) -> str:
        if not template.issued_count:
            return "—"
        return f"{template.used_count * 100 / template.issued_count:.1f}%"

    @admin.action(description=gettext_lazy("暂停发放"), permissions=["change"])
    def pause(self, request, queryset):
        self._set_status(request, queryset, Status.PAUSED, _("已暂停 %(count)d 张优惠券的发放"))

    @admin.action(description=gettext_lazy("结束发放"), permissions=["change"])
    def end(self, request, queryset):
        self._set_status(request, queryset, Status.ENDED, _("已结束 %(count)d 张优惠券的发放"))

    def _set_status(self, request, queryset, status: str, done: str) -> None:
        changed = 0
        for template in queryset:
            try:
                services.set_status(template, status)
            except CouponError as error:
                self.message_user(request, f"{template.name}：{error.message}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, done % {"count": changed}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("定向发放给买家…"), permissions=["change"])
    def bulk_issue(self, request, queryset):
        """Ask for the segment on an intermediate page, then queue one run per template."""
        form = BulkIssueForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("定向发放"),
                "templates": queryset,
                "form": form,
                "action": "bulk_issue",
                "submit_label": _("确认发放"),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(
                request, "admin/coupons/coupontemplate/bulk_issue.html", context
            )
        for template in queryset:
            services.bulk_issue(template, form.segment)
        self.message_user(
            request, _("已开始向所选买家发放 %(count)d 种优惠券，稍后刷新查看已发放数量")
            % {"count": queryset.count()}, messages.SUCCESS,
        )  # fmt: skip
        return None


@admin.register(UserCoupon)
class UserCouponAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("template", "user", "status", "source", "claimed_at", "valid_until",
                    "used_at", "order_ids")  # fmt: skip
    list_filter = ("status", "source", "template__channel",
                   ("template__shop", admin.EmptyFieldListFilter))  # fmt: skip
    list_select_related = ("template", "user")
    search_fields = ("user__mobile", "template__name", "key")
    date_hierarchy = "claimed_at"
    raw_id_fields = ("template", "user")
