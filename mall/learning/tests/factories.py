import factory
from django.utils import timezone

from mall.learning.models import Article, ArticleCategory


class ArticleCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCategory

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article unless `is_published=False`."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"开店指南第{n}课")
    category = factory.SubFactory(ArticleCategoryFactory)
    summary = "新手商家必读"
    body = "<p>正文</p>"
    is_published = True
    published_at = factory.LazyAttribute(lambda a: timezone.now() if a.is_published else None)
