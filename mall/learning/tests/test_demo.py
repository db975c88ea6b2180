import pytest

from mall.learning.demo import seed_demo_data
from mall.learning.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_shelf_has_published_articles_in_every_category_once():
    counts = seed_demo_data(2026)
    published = Article.objects.published()
    assert counts["学堂文章（已发布）"] == published.count() >= 6
    assert published.values("category").distinct().count() >= 3
    assert published.filter(pinned=True).exists()
    assert Article.objects.filter(is_published=False).exists()  # a draft sellers never see
    assert all("<script" not in body for body in published.values_list("body", flat=True))
    again = seed_demo_data(2026)
    assert again["学堂文章（新建）"] == 0 and Article.objects.count() == counts["学堂文章（新建）"]
