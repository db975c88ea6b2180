"""The operators' side of merchants: tiers with their category rates, and shops — a list with
status, tier, sales and rating, actions that go through `merchants.services` (suspend, reopen,
close, change tier, record a deposit, each asking why on an intermediate page) and an overview
of merchant metrics."""

from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog import services as catalog_services
from mall.catalog.admin import check_image_field
from mall.core.admin import ReadOnlyMixin
from mall.core.money import format_fen
from mall.merchants import selectors, services
from mall.merchants.errors import MerchantError
from mall.merchants.forms import (
    ChangeTierForm,
    DepositForm,
    PercentField,
    ReopenForm,
    ShopActionForm,
    TierCommissionForm,
    TierForm,
)
from mall.merchants.models import Shop, ShopEvent, ShopMember, Tier, TierCommission
from mall.onboarding.selectors import funnel_metrics
from mall.orders import selectors as order_selectors

RECENT_DAYS = 30


# --- tiers ------------------------------------------------------------------------------------
class TierCommissionInline(admin.TabularInline):
    model = TierCommission
    form = TierCommissionForm
    extra = 0


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    form = TierForm
    inlines = [TierCommissionInline]
    list_display = ("name", "code", "base_rate", "fee", "deposit_amount", "featured_slots",
                    "shop_count", "position")  # fmt: skip
    ordering = ("position", "code")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(shop_count=Count("shops"))

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    @admin.display(description=gettext_lazy("基础佣金"), ordering="commission_rate_bp")
    def base_rate(self, tier: Tier) -> str:
        return f"{tier.commission_rate_bp / 100:g}%"

    @admin.display(description=gettext_lazy("平台服务费/月"), ordering="platform_fee_monthly")
    def fee(self, tier: Tier) -> str:
        return format_fen(tier.platform_fee_monthly)

    @admin.display(description=gettext_lazy("保证金"), ordering="deposit")
    def deposit_amount(self, tier: Tier) -> str:
        return format_fen(tier.deposit)

    @admin.display(description=gettext_lazy("店铺数"), ordering="shop_count")
    def shop_count(self, tier: Tier) -> int:
        return tier.shop_count


# --- shops ------------------------------------------------------------------------------------
class ShopForm(forms.ModelForm):
    """What operators edit directly; status and tier change only through the actions."""

    commission_rate_bp = PercentField(
        label=gettext_lazy("协议佣金（%）"), required=False,
        help_text=gettext_lazy("与店铺单独约定、适用于全部类目的佣金；留空则按等级及类目佣金"),
    )  # fmt: skip

    class Meta:
        model = Shop
        fields = ("name", "slug", "commission_rate_bp", "logo", "banner", "intro", "location",
                  "rating")  # fmt: skip

    def clean_logo(self):
        return check_image_field(self.cleaned_data.get("logo"))

    def clean_banner(self):
        return check_image_field(self.cleaned_data.get("banner"))


class ShopMemberInline(admin.TabularInline):
    model = ShopMember
    extra = 0
    raw_id_fields = ("user",)


class ShopEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ShopEvent
    fields = ("at", "kind", "from_value", "to_value", "amount_display", "reason", "actor")
    readonly_fields = fields
    extra = 0

    @admin.display(description=gettext_lazy("金额"))
    def amount_display(self, event: ShopEvent) -> str:
        return format_fen(event.amount) if event.amount else "—"


def _shop_action(
    name: str, form_class: type[forms.Form], label: str,
    apply: Callable[[Shop, HttpRequest, dict], None], done: str, *, single: bool = False,
):  # fmt: skip
    """An admin action that asks `form_class` on an intermediate page, then applies the service
    to each selected shop (to exactly one with `single`); a shop the service refuses is
    reported with the service's message."""

    def action(modeladmin: "ShopAdmin", request: HttpRequest, queryset: QuerySet[Shop]):
        if single and queryset.count() != 1:
            modeladmin.message_user(request, _("请只选择一家店铺"), messages.ERROR)
            return None
        form = form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return modeladmin.action_page(request, queryset, form, label)
        applied = 0
        for shop in queryset.select_related("tier"):
            try:
                apply(shop, request, form.cleaned_data)
            except MerchantError as error:
                modeladmin.message_user(request, f"{shop.name}：{error.message}", messages.ERROR)
            else:
                applied += 1
        if applied:
            modeladmin.message_user(request, done % {"count": applied}, messages.SUCCESS)
        return None

    action.__name__ = name
    action.short_description = label
    action.allowed_permissions = ("change",)
    return action


suspend_shops = _shop_action(
    "suspend_shops", ShopActionForm, gettext_lazy("暂停营业（下架全部商品）"),
    lambda shop, request, data: services.suspend(shop, actor=request.user, reason=data["reason"]),
    gettext_lazy("已暂停 %(count)s 家店铺，在售商品已全部下架"),
)  # fmt: skip
reopen_shops = _shop_action(
    "reopen_shops", ReopenForm, gettext_lazy("恢复营业"),
    lambda shop, request, data: services.reopen(shop, actor=request.user, reason=data["reason"]),
    gettext_lazy("已恢复 %(count)s 家店铺营业，商品需由商家重新上架"),
)  # fmt: skip
close_shops = _shop_action(
    "close_shops", ShopActionForm, gettext_lazy("关闭店铺（须已结清）"),
    lambda shop, request, data: services.close(shop, actor=request.user, reason=data["reason"]),
    gettext_lazy("已关闭 %(count)s 家店铺，保证金已退还"),
)  # fmt: skip
change_tier = _shop_action(
    "change_tier", ChangeTierForm, gettext_lazy("调整等级"),
    lambda shop, request, data: services.change_tier(
        shop, data["tier"], actor=request.user, reason=data["reason"]
    ),
    gettext_lazy("已调整 %(count)s 家店铺的等级"),
)  # fmt: skip
record_deposit = _shop_action(
    "record_deposit", DepositForm, gettext_lazy("登记保证金到账"),
    lambda shop, request, data: services.record_deposit(
        shop, amount=data["amount"], source=data["source"], reference=data["reference"],
        actor=request.user,
    ),
    gettext_lazy("已登记 %(count)s 笔保证金"), single=True,
)  # fmt: skip


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    form = ShopForm
    inlines = [ShopMemberInline, ShopEventInline]
    list_display = ("name", "logo_preview", "status", "tier", "recent_gmv", "total_gmv",
                    "total_orders", "rating_stars", "created_at")  # fmt: skip
    list_filter = ("status", "tier")
    list_select_related = ("tier",)
    search_fields = ("name", "slug", "location")
    readonly_fields = ("status", "tier", "money", "created_at", "updated_at")
    actions = [suspend_shops, reopen_shops, close_shops, change_tier, record_deposit]
    change_list_template = "admin/merchants/shop/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False  # shops are opened by approving a 招商 application (services.open_shop)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a shop with a history is closed, never deleted

    def get_queryset(self, request):
        recent = order_selectors.shop_sales(timezone.now() - timedelta(days=RECENT_DAYS))
        total = order_selectors.shop_sales()
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent_gmv=recent["gmv"], total_gmv=total["gmv"], total_orders=total["orders"]
            )
        )

    @admin.display(description=gettext_lazy("店铺标志"))
    def logo_preview(self, obj: Shop) -> str:
        return format_html('<img src="{}" alt="" height="32">', obj.logo.url) if obj.logo else "—"

    @admin.display(description=gettext_lazy("近30天成交额"), ordering="recent_gmv")
    def recent_gmv(self, shop: Shop) -> str:
        return format_fen(shop.recent_gmv)

    @admin.display(description=gettext_lazy("累计成交额"), ordering="total_gmv")
    def total_gmv(self, shop: Shop) -> str:
        return format_fen(shop.total_gmv)

    @admin.display(description=gettext_lazy("订单数"), ordering="total_orders")
    def total_orders(self, shop: Shop) -> int:
        return shop.total_orders

    @admin.display(description=gettext_lazy("评分"), ordering="rating")
    def rating_stars(self, shop: Shop) -> str:
        return shop.rating_display

    @admin.display(description=gettext_lazy("资金"))
    def money(self, shop: Shop) -> str:
        money = selectors.balances(shop)
        return format_html(
            "{}：{} · {}：{} · {}：{} · {}：{} · {}：{}",
            _("担保中"), format_fen(money.escrow), _("待结算"), format_fen(money.payable),
            _("保证金"), format_fen(money.deposit), _("待缴保证金"), format_fen(money.deposit_due),
            _("已收服务费"), format_fen(money.fees_paid),
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalog_services.shop_changed(obj)

    def action_page(
        self, request: HttpRequest, queryset: QuerySet[Shop], form: forms.Form, title: str
    ) -> HttpResponse:
        """The intermediate page of an action: the shops it applies to and its form."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "shops": queryset.select_related("tier"),
            "form": form,
            "action": request.POST.get("action", ""),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/merchants/shop/action.html", context)

    def get_urls(self):
        overview = self.admin_site.admin_view(self.overview_view)
        return [path("overview/", overview, name="merchants_shop_overview"), *super().get_urls()]

    def overview_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        until = timezone.now()
        since = until - timedelta(days=RECENT_DAYS)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("商家概览"),
            "days": RECENT_DAYS,
            "overview": selectors.shop_overview(since),
            "funnel": funnel_metrics(since, until),
        }
        return TemplateResponse(request, "admin/merchants/shop/overview.html", context)


@admin.register(ShopEvent)
class ShopEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "shop", "kind", "from_value", "to_value", "reason", "actor")
    list_filter = ("kind",)
    list_select_related = ("shop", "actor")
    search_fields = ("shop__name", "reason")
    date_hierarchy = "at"
