"""The merchant learning centre (商家学堂): articles the operator publishes for sellers.
An article's body is rich text, sanitised with nh3 by `learning.services.save_article` (the
admin saves through it)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ArticleCategory(models.Model):
    name = models.CharField(_("名称"), max_length=32, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("学堂栏目")
        verbose_name_plural = _("学堂栏目")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_at__isnull=False)


class Article(models.Model):
    title = models.CharField(_("标题"), max_length=120)
    category = models.ForeignKey(
        ArticleCategory, on_delete=models.PROTECT, related_name="articles",
        verbose_name=_("栏目"),
    )  # fmt: skip
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"), help_text=_("富文本，保存时自动清除脚本和不安全的标签"))
    cover = models.ImageField(_("封面"), upload_to="learning/covers/", blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("学堂文章")
        verbose_name_plural = _("学堂文章")
        ordering = ["-pinned", "-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["-pinned", "-published_at"], name="article_published_order",
                condition=Q(is_published=True),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title
