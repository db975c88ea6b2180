from django.contrib import admin

from mall.shipping.models import FreightRegionRule, FreightTemplate


class FreightRegionRuleInline(admin.TabularInline):
    model = FreightRegionRule
    extra = 0


@admin.register(FreightTemplate)
class FreightTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "shop", "basis", "is_default", "free_over_amount", "updated_at"]
    list_filter = ["basis", "is_default"]
    search_fields = ["name", "shop__name"]
    list_select_related = ["shop"]
    raw_id_fields = ["shop"]
    inlines = [FreightRegionRuleInline]
