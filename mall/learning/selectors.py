"""Reads of the learning centre for sellers: only published articles exist for them."""

from django.db.models import Q, QuerySet
from django.http import Http404

from mall.learning.models import Article, ArticleCategory

SEARCH_MAX_LENGTH = 40


def categories() -> list[ArticleCategory]:
    return list(ArticleCategory.objects.all())


def published_articles(category: ArticleCategory | None = None, search: str = "") -> QuerySet:
    """Pinned first, then newest; the body stays in the database (the list shows summaries)."""
    articles = Article.objects.published().select_related("category").defer("body")
    if category is not None:
        articles = articles.filter(category=category)
    search = search.strip()[:SEARCH_MAX_LENGTH]
    if search:
        articles = articles.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    return articles


def published_article(article_id: int) -> Article:
    article = Article.objects.published().select_related("category").filter(pk=article_id).first()
    if article is None:
        raise Http404
    return article
