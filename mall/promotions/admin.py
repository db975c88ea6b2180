"""The operator's promotions: list with status, schedule, spend against budget and usage; the
rule with its windows, special prices and joint shares; start/pause/resume/end actions through
`promotions.services`; and a preview page pricing SKUs with the rule included (even a draft)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.core.money import format_fen
from mall.promotions import selectors, services
from mall.promotions.errors import PromotionError
from mall.promotions.forms import PreviewForm
from mall.promotions.models import (
    JointShare,
    Promotion,
    PromotionEvent,
    PromotionWindow,
    SpecialPrice,
)
from mall.promotions.validation import check_shares, check_special_rows
from mall.promotions.views import run_preview

PREVIEW_PERMISSION = "promotions.view_promotion"


def _kept(formset: BaseInlineFormSet) -> list[forms.ModelForm]:
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class SpecialPriceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        sku_ids = [
            form.cleaned_data["sku"].pk for form in _kept(self) if form.cleaned_data.get("sku")
        ]
        check_special_rows(self.instance, sku_ids)


class JointShareFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        shares = [
            (form.cleaned_data["shop"].pk if form.cleaned_data.get("shop") else None,
             form.cleaned_data.get("share_bp") or 0)
            for form in _kept(self)
        ]  # fmt: skip
        check_shares(self.instance, shares)


class WindowInline(admin.TabularInline):
    model = PromotionWindow
    extra = 0


class SpecialPriceInline(admin.TabularInline):
    model = SpecialPrice
    formset = SpecialPriceFormSet
    raw_id_fields = ("sku",)
    extra = 0


class JointShareInline(admin.TabularInline):
    model = JointShare
    formset = JointShareFormSet
    raw_id_fields = ("shop",)
    extra = 0


class EventInline(admin.TabularInline):
    model = PromotionEvent
    fields = ("created_at", "kind", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _move(action: str, label: str, done: str):
    """An admin action moving each selected promotion through `services.change_status`; a
    promotion the service refuses is reported with its message."""

    def run(modeladmin: "PromotionAdmin", request: HttpRequest, queryset: QuerySet[Promotion]):
        moved = 0
        for promotion in queryset.order_by("pk"):
            try:
                services.change_status(promotion, action, actor=request.user)
            except PromotionError as error:
                modeladmin.message_user(request, error.message, messages.ERROR)
            else:
                moved += 1
        if moved:
            modeladmin.message_user(request, done % {"count": moved}, messages.SUCCESS)

    run.__name__ = f"{action}_promotions"
    run.short_description = label
    run.allowed_permissions = ("change",)
    return run


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = (
        "name", "kind", "owner", "status", "schedule", "budget_display", "usage_orders",
        "preview_link",
    )  # fmt: skip
    list_filter = ("status", "kind", ("shop", admin.EmptyFieldListFilter), "show_on_home")
    search_fields = ("name", "slug")
    raw_id_fields = ("shop", "gift_sku")
    readonly_fields = ("status", "spent_display", "created_at", "updated_at")
    inlines = (WindowInline, SpecialPriceInline, JointShareInline, EventInline)
    actions = [
        _move("start", gettext_lazy("开始所选活动"), gettext_lazy("已开始 %(count)d 个活动")),
        _move("pause", gettext_lazy("暂停所选活动"), gettext_lazy("已暂停 %(count)d 个活动")),
        _move("resume", gettext_lazy("恢复所选活动"), gettext_lazy("已恢复 %(count)d 个活动")),
        _move("end", gettext_lazy("结束所选活动"), gettext_lazy("已结束 %(count)d 个活动")),
    ]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "shop", "status")}),
        (gettext_lazy("时间"), {"fields": ("starts_at", "ends_at")}),
        (
            gettext_lazy("优惠"),
            {
                "fields": (
                    "discount_bp",
                    "amount",
                    "basis",
                    "tiers",
                    "repeat",
                    "repeat_cap",
                    "gift_sku",
                    "gift_quantity",
                    "nth",
                    "threshold",
                    "region_prefixes",
                    "exclusive_group",
                    "priority",
                )
            },
        ),
        (
            gettext_lazy("范围"),
            {
                "fields": (
                    "scope_shop_ids",
                    "scope_category_ids",
                    "scope_brand_ids",
                    "scope_product_ids",
                    "scope_sku_ids",
                    "scope_tags",
                    "scope_excluded_product_ids",
                )
            },
        ),
        (
            gettext_lazy("人群"),
            {
                "fields": (
                    "min_member_rank",
                    "audience_groups",
                    "audience_tags",
                    "new_shoppers_only",
                )
            },
        ),
        (gettext_lazy("预算"), {"fields": ("budget", "spent_display")}),
        (gettext_lazy("活动页"), {"fields": ("banner", "intro", "show_on_home")}),
        (None, {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Promotion]:
        return selectors.with_usage(super().get_queryset(request).select_related("shop"))

    @admin.display(description=gettext_lazy("出资方"), ordering="shop__name")
    def owner(self, promotion: Promotion) -> str:
        return promotion.shop.name if promotion.shop else _("平台")

    @admin.display(description=gettext_lazy("时间"))
    def schedule(self, promotion: Promotion) -> str:
        start = f"{promotion.starts_at:%Y-%m-%d %H:%M}" if promotion.starts_at else _("立即")
        end = f"{promotion.ends_at:%Y-%m-%d %H:%M}" if promotion.ends_at else _("长期")
        return f"{start} – {end}"

    @admin.display(description=gettext_lazy("已用 / 预算"))
    def budget_display(self, promotion: Promotion) -> str:
        used = format_fen(promotion.usage_amount or 0)
        if promotion.budget is None:
            return f"{used} / {_('不限')}"
        return f"{format_fen(promotion.spent)} / {format_fen(promotion.budget)}"

    @admin.display(description=gettext_lazy("使用单数"), ordering="usage_orders")
    def usage_orders(self, promotion: Promotion) -> int:
        return promotion.usage_orders

    @admin.display(description=gettext_lazy("已用预算"))
    def spent_display(self, promotion: Promotion) -> str:
        return format_fen(promotion.spent)

    @admin.display(description=gettext_lazy("预览"))
    def preview_link(self, promotion: Promotion) -> str:
        url = reverse("admin:promotions_promotion_preview", args=[promotion.pk])
        return format_html('<a href="{}">{}</a>', url, _("预览"))

    def save_model(self, request: HttpRequest, obj: Promotion, form, change: bool) -> None:
        """Through the service (the inlines, checked by their formsets, are saved next in the
        same transaction; the refresh after commit sees them)."""
        services.save_promotion(obj, None, actor=request.user)

    def get_urls(self):
        view = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", view, name="promotions_promotion_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(PREVIEW_PERMISSION):
            raise PermissionDenied
        promotion = get_object_or_404(selectors.with_rule_rows(Promotion.objects.all()), pk=pk)
        form = PreviewForm(request.GET if "lines" in request.GET else None)
        result = run_preview(promotion, form) if form.is_valid() else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("预览价格"),
            "promotion": promotion,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/promotions/promotion/preview.html", context)
