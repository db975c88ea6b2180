"""The operators' catalog admin. Every write goes through `catalog.services`, so the product
summary, the cache generation and the search index follow whatever is edited here."""

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import BigIntegerField, Case, Count, F, Q, QuerySet, Value, When
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog import services
from mall.catalog.fields import ValuesField, YuanField, check_image_field
from mall.catalog.importing import views as import_views
from mall.catalog.models import (
    Brand,
    Category,
    ImportJob,
    PendingProduct,
    Product,
    ProductImage,
    ProductParam,
    ProductReview,
    ProductSpec,
    Sku,
)
from mall.core.admin import ReadOnlyMixin
from mall.core.images import thumbnail_name
from mall.core.money import format_fen


def thumbnail(name: str, width: int = 240, height: int = 60) -> str:
    if not name:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-height:{}px;max-width:{}px">',
        default_storage.url(thumbnail_name(name, width, "jpg")),
        height,
        height * 2,
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.path


def by_level(first, second, third) -> Case:
    return Case(
        When(level=1, then=first), When(level=2, then=second), default=third,
        output_field=BigIntegerField(),
    )  # fmt: skip


# Tree order: each parent followed by its children, siblings by position.
TREE_ORDER = (
    by_level(F("position"), F("parent__position"), F("parent__parent__position")).asc(),
    by_level(F("id"), F("parent_id"), F("parent__parent_id")).asc(),
    by_level(Value(-1), F("position"), F("parent__position")).asc(),
    by_level(Value(0), F("id"), F("parent_id")).asc(),
    by_level(Value(-1), Value(-1), F("position")).asc(),
    by_level(Value(0), Value(0), F("id")).asc(),
)


def category_choices() -> QuerySet[Category]:
    return Category.objects.select_related("parent__parent").order_by(*TREE_ORDER)


class SlugFromNameForm(forms.ModelForm):
    """A blank slug is made from the name's pinyin (李宁 → li-ning)."""

    slug = forms.SlugField(
        label=gettext_lazy("网址标识"), required=False, max_length=64,
        help_text=gettext_lazy("留空则按名称的拼音生成"),
    )  # fmt: skip

    def clean_slug(self) -> str:
        slug, name = self.cleaned_data.get("slug"), self.cleaned_data.get("name")
        return slug or (services.unique_slug(self._meta.model, name) if name else "")


class CategoryForm(SlugFromNameForm):
    parent = CategoryChoiceField(
        queryset=category_choices(), required=False,
        label=gettext_lazy("上级类目"), help_text=gettext_lazy("留空即为一级类目；类目最多三级"),
    )  # fmt: skip

    class Meta:
        model = Category
        fields = ("parent", "name", "slug", "icon", "image", "position", "is_active")

    def clean_image(self):
        return check_image_field(self.cleaned_data.get("image"))


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ("tree_name", "slug", "level", "position", "is_active", "product_count")
    list_editable = ("position", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name", "slug")
    list_per_page = 200

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(products_total=Count("products"))

    def get_ordering(self, request):
        return TREE_ORDER

    @admin.display(description=gettext_lazy("名称"), ordering="name")
    def tree_name(self, obj: Category) -> str:
        prefix = ("└ " if obj.level > 1 else "") + (f"{obj.icon} " if obj.icon else "")
        indent = 2 * (obj.level - 1)
        return format_html('<span style="padding-left:{}em">{}{}</span>', indent, prefix, obj.name)

    @admin.display(description=gettext_lazy("商品数"), ordering="products_total")
    def product_count(self, obj: Category) -> int:
        return obj.products_total

    def save_model(self, request, obj, form, change):
        services.save_category(obj)


class BrandForm(SlugFromNameForm):
    class Meta:
        model = Brand
        fields = ("name", "slug", "initial", "logo")

    def clean_logo(self):
        return check_image_field(self.cleaned_data.get("logo"))


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    form = BrandForm
    list_display = ("name", "slug", "initial", "logo_preview")
    search_fields = ("name", "slug")
    list_filter = ("initial",)

    @admin.display(description=gettext_lazy("标志"))
    def logo_preview(self, obj: Brand) -> str:
        return format_html('<img src="{}" alt="" height="32">', obj.logo.url) if obj.logo else "—"

    def save_model(self, request, obj, form, change):
        services.save_brand(obj)


class ProductSpecForm(forms.ModelForm):
    values = ValuesField(
        label=gettext_lazy("规格值"), help_text=gettext_lazy("用顿号或逗号分隔，如 红色、蓝色")
    )

    class Meta:
        model = ProductSpec
        fields = ("name", "values", "position")


class ProductSpecInline(admin.TabularInline):
    model = ProductSpec
    form = ProductSpecForm
    extra = 0


class SkuForm(forms.ModelForm):
    spec_values = ValuesField(
        label=gettext_lazy("规格组合"), required=False,
        help_text=gettext_lazy("按规格的顺序填写，如 红色、M"),
    )  # fmt: skip
    price = YuanField(label=gettext_lazy("售价（元）"))
    market_price = YuanField(label=gettext_lazy("划线价（元）"), required=False)
    stock = forms.IntegerField(label=gettext_lazy("库存"), min_value=0, initial=0)

    class Meta:
        model = Sku
        fields = (
            "spec_values", "price", "market_price", "stock", "weight_grams", "barcode",
            "merchant_code", "position", "is_active",
        )  # fmt: skip

    def clean_market_price(self):
        return self.cleaned_data.get("market_price") or 0


class SkuFormSet(BaseInlineFormSet):
    def clean(self):
        """SKU codes are unique per shop: across these rows and the shop's other products."""
        super().clean()
        kept = [
            form for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]  # fmt: skip
        seen: dict[str, forms.ModelForm] = {}
        for form in kept:
            code = form.cleaned_data.get("merchant_code")
            if not code:
                continue
            if code in seen:
                form.add_error("merchant_code", _("同一商品里 SKU 编码重复"))
            elif self.code_taken(code, form.instance):
                form.add_error("merchant_code", _("本店已有商品使用这个 SKU 编码"))
            seen[code] = form

    def code_taken(self, code: str, sku: Sku) -> bool:
        shop_id = self.instance.shop_id
        others = Sku.objects.filter(shop_id=shop_id, merchant_code=code).exclude(pk=sku.pk)
        return shop_id is not None and others.exists()


class SkuInline(admin.TabularInline):
    model = Sku
    form = SkuForm
    formset = SkuFormSet
    extra = 0


class ProductParamInline(admin.TabularInline):
    model = ProductParam
    fields = ("name", "value", "position")
    extra = 0


class ProductImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ("image", "sku", "alt", "position")

    def clean_image(self):
        return check_image_field(self.cleaned_data.get("image"))


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    fields = ("preview", "image", "sku", "alt", "position")
    readonly_fields = ("preview",)
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        skus = Sku.objects.filter(product=obj) if obj else Sku.objects.none()
        formset.form.base_fields["sku"].queryset = skus.select_related("product")
        return formset

    @admin.display(description=gettext_lazy("预览"))
    def preview(self, obj: ProductImage) -> str:
        return thumbnail(obj.image.name) if obj.pk else "—"


class TopCategoryFilter(admin.SimpleListFilter):
    title = gettext_lazy("一级类目")
    parameter_name = "top_category"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Category.objects.filter(parent=None)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        top = self.value()
        return queryset.filter(
            Q(category_id=top) | Q(category__parent_id=top) | Q(category__parent__parent_id=top)
        )


class ProductForm(forms.ModelForm):
    category = CategoryChoiceField(queryset=category_choices(), label=gettext_lazy("类目"))

    class Meta:
        model = Product
        fields = (
            "shop", "category", "brand", "name", "subtitle", "merchant_code", "keywords",
            "is_new", "is_hot", "is_recommended", "description",
        )  # fmt: skip


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
    list_display = (
        "name", "shop", "category", "brand", "status", "price_range", "stock_total",
        "sales_count", "updated_at",
    )  # fmt: skip
    list_filter = ("status", TopCategoryFilter, "shop", "is_new", "is_hot", "is_recommended")
    search_fields = (
        "name", "merchant_code", "skus__merchant_code", "skus__barcode", "brand__name",
    )  # fmt: skip
    list_select_related = ("shop", "category", "brand")
    autocomplete_fields = ("shop", "brand")
    readonly_fields = ("status", "published_at", "price_range", "stock_total", "sales_count",
                       "cover_preview")  # fmt: skip
    fieldsets = (
        (None, {"fields": ("shop", "category", "brand", "name", "subtitle", "merchant_code",
                           "keywords")}),
        (gettext_lazy("状态"), {"fields": ("status", "published_at", "is_new", "is_hot",
                                           "is_recommended")}),
        (gettext_lazy("汇总（由 SKU 和图片自动计算）"),
         {"fields": ("price_range", "stock_total", "sales_count", "cover_preview")}),
        (gettext_lazy("详情"), {"fields": ("description",)}),
    )  # fmt: skip
    inlines = (ProductSpecInline, SkuInline, ProductParamInline, ProductImageInline)
    actions = ("submit_for_review", "approve", "take_off_shelf")
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("价格"), ordering="price_min")
    def price_range(self, obj: Product) -> str:
        if obj.price_min == obj.price_max:
            return format_fen(obj.price_min)
        return f"{format_fen(obj.price_min)} – {format_fen(obj.price_max)}"

    @admin.display(description=gettext_lazy("主图"))
    def cover_preview(self, obj: Product) -> str:
        return thumbnail(obj.cover, height=120)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="catalog_product_import"),
            path("import/template.csv", wrap(self.import_template_view),
                 name="catalog_product_import_template"),
            path("import/<int:job_id>/", wrap(self.import_progress_view),
                 name="catalog_product_import_progress"),
            path("import/<int:job_id>/report.csv", wrap(self.import_report_view),
                 name="catalog_product_import_report"),
            *super().get_urls(),
        ]  # fmt: skip

    def import_view(self, request):
        return import_views.upload(request, self)

    def import_template_view(self, request):
        return import_views.template(request, self)

    def import_progress_view(self, request, job_id: int):
        return import_views.progress(request, self, job_id)

    def import_report_view(self, request, job_id: int):
        return import_views.report(request, self, job_id)

    def save_model(self, request, obj, form, change):
        services.save_product(obj)

    def save_formset(self, request, form, formset, change):
        formset.save()
        if formset.model is ProductImage:
            for image_form in formset.forms:
                if "image" in image_form.changed_data and image_form.instance.pk:
                    services.image_replaced(image_form.instance)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.sync_product_summary(form.instance)

    def delete_model(self, request, obj):
        services.delete_products(Product.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_products(queryset)

    def move_products(self, request, queryset, move: Callable[[Product], object], done: str):
        moved, refused = 0, []
        for product in queryset:
            try:
                move(product)
            except ValidationError as exc:
                refused.append(f"{product.name}：{'；'.join(exc.messages)}")
            else:
                moved += 1
        if moved:
            self.message_user(request, done % {"n": moved}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, _("未处理 %(line)s") % {"line": line}, messages.WARNING)

    @admin.action(description=gettext_lazy("提交审核"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        submit = partial(services.submit_for_review, actor=request.user)
        self.move_products(request, queryset, submit, _("已提交审核 %(n)d 个商品"))

    @admin.action(description=gettext_lazy("审核通过并上架"), permissions=["change"])
    def approve(self, request, queryset):
        approve = partial(services.approve_product, reviewer=request.user)
        self.move_products(request, queryset, approve, _("已上架 %(n)d 个商品"))

    @admin.action(description=gettext_lazy("下架"), permissions=["change"])
    def take_off_shelf(self, request, queryset):
        self.move_products(request, queryset, services.take_off_shelf, _("已下架 %(n)d 个商品"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("驳回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("商家会在商品页看到这段话，请写清楚要改什么"),
    )  # fmt: skip


@admin.register(PendingProduct)
class ProductReviewQueueAdmin(ProductAdmin):
    """商品审核: the products waiting for review, oldest first; approve, or reject with a reason
    asked on an intermediate page. Both through catalog services, recorded as ProductReview."""

    list_display = ("name", "shop", "category", "brand", "price_range", "stock_total",
                    "updated_at")  # fmt: skip
    list_filter = (TopCategoryFilter, "shop")
    actions = ("approve", "reject")
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Product.Status.PENDING)

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)  # not the product admin's import pages again

    def get_ordering(self, request):
        return ("updated_at", "id")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("驳回（填写原因）"), permissions=["change"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reject = partial(
                services.reject_product, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
            self.move_products(request, queryset, reject, _("已驳回 %(n)d 个商品"))
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("驳回商品"),
            "products": queryset.select_related("shop"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/pendingproduct/reject.html", context)


@admin.register(ProductReview)
class ProductReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "product", "decision", "reason", "actor")
    list_filter = ("decision",)
    search_fields = ("product__name", "reason")
    list_select_related = ("product", "actor")
    raw_id_fields = ("product",)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "id", "file_name", "shop", "status", "progress", "created_rows", "updated_rows",
        "unchanged_rows", "rejected_rows", "created_by", "created_at", "report_link",
    )  # fmt: skip
    list_filter = ("status",)
    list_select_related = ("shop", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("进度"))
    def progress(self, obj: ImportJob) -> str:
        return f"{obj.processed_rows}/{obj.total_rows}"

    @admin.display(description=gettext_lazy("报告"))
    def report_link(self, obj: ImportJob) -> str:
        url = reverse("admin:catalog_product_import_progress", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("查看"))
