"""Operators write the learning centre here; saving goes through `learning.services`, which
sanitises the body."""

from django.contrib import admin

from mall.catalog.admin import check_image_field
from mall.learning import services
from mall.learning.models import Article, ArticleCategory


@admin.register(ArticleCategory)
class ArticleCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}


class ArticleForm(admin.ModelAdmin.form):
    def clean_cover(self):
        return check_image_field(self.cleaned_data.get("cover"))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ("title", "category", "is_published", "pinned", "published_at", "updated_at")
    list_filter = ("is_published", "pinned", "category")
    search_fields = ("title", "summary")
    list_select_related = ("category",)
    date_hierarchy = "published_at"
    fields = ("title", "category", "summary", "body", "cover", "is_published", "pinned",
              "published_at")  # fmt: skip

    def save_model(self, request, obj, form, change) -> None:
        services.save_article(obj)
