"""The operator's side of membership: levels and groups, shoppers' profiles (group, tags and
level set through `membership.services`, also as bulk actions), the price lists, and the spend
records (read only: only paid orders write them)."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy

from mall.catalog.cache import bump_catalog_generation
from mall.core.admin import ReadOnlyMixin
from mall.core.money import format_fen
from mall.membership import services
from mall.membership.forms import GroupChoiceForm, LevelChoiceForm, ProfileAdminForm
from mall.membership.models import (
    CustomerGroup,
    CustomerProfile,
    GroupPrice,
    MemberLevel,
    MemberPrice,
    MinimumOrderQuantity,
    SpendRecord,
)


@admin.register(MemberLevel)
class MemberLevelAdmin(admin.ModelAdmin):
    list_display = ("rank", "name", "threshold_display", "perks")
    ordering = ("rank",)

    @admin.display(description=gettext_lazy("升级门槛"), ordering="threshold")
    def threshold_display(self, level: MemberLevel) -> str:
        return format_fen(level.threshold)

    def save_model(self, request, obj, form, change):
        """A new level or a lower threshold may already be reached by shoppers' spend."""
        super().save_model(request, obj, form, change)
        services.promote_by_spend()


@admin.register(CustomerGroup)
class CustomerGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "description")
    search_fields = ("code", "name")


# --- shoppers' profiles -----------------------------------------------------------------------


def _profile_action(
    name: str, form_class: type[forms.Form], label: str,
    apply: Callable[[CustomerProfile, dict], None], done: str,
):  # fmt: skip
    """An admin action that asks `form_class` on an intermediate page, then applies the service
    to each selected shopper."""

    def action(modeladmin: "CustomerProfileAdmin", request: HttpRequest, queryset: QuerySet):
        form = form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return modeladmin.action_page(request, queryset, form, label)
        with transaction.atomic():
            for profile in queryset.select_related("user"):
                apply(profile, form.cleaned_data)
        modeladmin.message_user(request, done % {"count": queryset.count()}, messages.SUCCESS)
        return None

    action.__name__ = name
    action.short_description = label
    action.allowed_permissions = ("change",)
    return action


set_group = _profile_action(
    "set_group", GroupChoiceForm, gettext_lazy("设置客户分组"),
    lambda profile, data: services.set_group(profile.user, data["group"]),
    gettext_lazy("已为 %(count)s 位顾客设置客户分组"),
)  # fmt: skip
set_level = _profile_action(
    "set_level", LevelChoiceForm, gettext_lazy("设置会员等级"),
    lambda profile, data: services.set_level(profile.user, data["rank"], locked=data["locked"]),
    gettext_lazy("已为 %(count)s 位顾客设置会员等级"),
)  # fmt: skip


@admin.register(CustomerProfile)
class CustomerProfileAdmin(admin.ModelAdmin):
    form = ProfileAdminForm
    list_display = ("user", "mobile", "group", "member_rank", "level_locked", "spend_display",
                    "paid_orders", "tags", "updated_at")  # fmt: skip
    list_filter = ("group", "member_rank", "level_locked")
    list_select_related = ("user", "group")
    search_fields = ("user__mobile", "user__username", "user__nickname")
    raw_id_fields = ("user",)
    readonly_fields = ("cumulative_spend", "paid_orders", "updated_at")
    actions = [set_group, set_level]

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    @admin.display(description=gettext_lazy("手机号"), ordering="user__mobile")
    def mobile(self, profile: CustomerProfile) -> str:
        return profile.user.mobile or ""

    @admin.display(description=gettext_lazy("累计实付"), ordering="cumulative_spend")
    def spend_display(self, profile: CustomerProfile) -> str:
        return format_fen(profile.cumulative_spend)

    def save_model(self, request, obj, form, change):
        """Through the services, like every other write of a profile."""
        data, user = form.cleaned_data, obj.user
        with transaction.atomic():
            services.set_group(user, data["group"])
            services.set_tags(user, data["tags"])
            if not change or {"member_rank", "level_locked"} & set(form.changed_data):
                services.set_level(user, data["member_rank"], locked=data["level_locked"])
        obj.pk = CustomerProfile.objects.get(user=user).pk

    def action_page(
        self, request: HttpRequest, queryset: QuerySet, form: forms.Form, title: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "profiles": queryset.select_related("user"),
            "form": form,
            "action": request.POST.get("action", ""),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/membership/customerprofile/action.html", context)


# --- price lists ------------------------------------------------------------------------------


class PriceListAdmin(admin.ModelAdmin):
    """Single rows; the model's clean checks the row against its siblings (a ladder never rises,
    prices below the list price)."""

    raw_id_fields = ("sku",)
    list_select_related = ("sku__product", "sku__shop")
    search_fields = ("sku__product__name", "sku__merchant_code", "sku__shop__name")

    @admin.display(description=gettext_lazy("店铺"), ordering="sku__shop__name")
    def shop(self, entry) -> str:
        return entry.sku.shop.name

    @admin.display(description=gettext_lazy("售价"))
    def list_price(self, entry) -> str:
        return format_fen(entry.sku.price)

    @admin.display(description=gettext_lazy("价格"), ordering="unit_price")
    def price(self, entry) -> str:
        return format_fen(entry.unit_price)


@admin.register(GroupPrice)
class GroupPriceAdmin(PriceListAdmin):
    list_display = ("sku", "shop", "group", "min_quantity", "price", "list_price")
    list_filter = ("group",)
    list_select_related = (*PriceListAdmin.list_select_related, "group")


@admin.register(MinimumOrderQuantity)
class MinimumOrderQuantityAdmin(PriceListAdmin):
    list_display = ("sku", "shop", "group", "quantity")
    list_filter = ("group",)
    list_select_related = (*PriceListAdmin.list_select_related, "group")


@admin.register(MemberPrice)
class MemberPriceAdmin(PriceListAdmin):
    """Listings show a 会员价 tag: cached pages are refreshed after a change."""

    list_display = ("sku", "shop", "min_rank", "price", "list_price")
    list_filter = ("min_rank",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(bump_catalog_generation)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(bump_catalog_generation)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(bump_catalog_generation)


@admin.register(SpendRecord)
class SpendRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("order_id", "user", "amount_display", "at")
    list_select_related = ("user",)
    search_fields = ("user__mobile", "=order_id")
    date_hierarchy = "at"

    @admin.display(description=gettext_lazy("金额"), ordering="amount")
    def amount_display(self, record: SpendRecord) -> str:
        return format_fen(record.amount)
