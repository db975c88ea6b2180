"""The operator's writes to the learning centre (the admin calls these)."""

from django.db import transaction
from django.utils import timezone

from mall.core.richtext import sanitize_html
from mall.learning.models import Article


@transaction.atomic
def save_article(article: Article) -> Article:
    """Store the article with its body sanitised; publishing it the first time stamps the
    publication time (kept when it is unpublished and published again)."""
    article.body = sanitize_html(article.body)
    if article.is_published and article.published_at is None:
        article.published_at = timezone.now()
    article.save()
    return article
