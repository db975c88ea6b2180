import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mall.customers.tests.factories import ShopperFactory
from mall.learning import services
from mall.learning.models import Article
from mall.learning.tests.factories import ArticleCategoryFactory, ArticleFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db
LIST = reverse("learning:list")


@pytest.fixture
def seller_client(client):
    client.force_login(ShopMemberFactory(role=ShopMember.Role.SHIPPING).user)
    return client


def test_every_role_reads_the_list_with_category_tabs(seller_client):
    rules = ArticleCategoryFactory(name="平台规则")
    ArticleFactory(title="发货时效规则", category=rules)
    ArticleFactory(title="草稿文章", is_published=False)
    page = seller_client.get(LIST).content.decode()
    assert "发货时效规则" in page and "平台规则" in page
    assert "草稿文章" not in page
    assert 'name="robots" content="noindex"' in page


def test_a_category_tab_shows_only_its_articles(seller_client):
    news, rules = ArticleCategoryFactory(name="行业资讯"), ArticleCategoryFactory(name="平台规则")
    ArticleFactory(title="双十一趋势", category=news)
    ArticleFactory(title="禁售商品目录", category=rules)
    page = seller_client.get(LIST, {"category": news.slug}).content.decode()
    assert "双十一趋势" in page and "禁售商品目录" not in page


def test_search_finds_by_title_or_summary(seller_client):
    ArticleFactory(title="直播带货入门", summary="三步开播")
    ArticleFactory(title="客服话术", summary="售后沟通")
    assert "直播带货入门" in seller_client.get(LIST, {"q": "开播"}).content.decode()
    page = seller_client.get(LIST, {"q": "话术"}).content.decode()
    assert "客服话术" in page and "直播带货入门" not in page
    assert "没有找到相关文章" in seller_client.get(LIST, {"q": "不存在" * 30}).content.decode()


def test_pinned_articles_come_first(seller_client):
    ArticleFactory(title="较新的文章")
    ArticleFactory(title="置顶的公告", pinned=True)
    page = seller_client.get(LIST).content.decode()
    assert page.index("置顶的公告") < page.index("较新的文章")


def test_detail_shows_a_published_article_and_unpublished_is_not_found(seller_client):
    article = ArticleFactory(title="店铺装修指南", body="<p>上传<strong>店招</strong></p>")
    page = seller_client.get(reverse("learning:detail", args=[article.pk])).content.decode()
    assert "店铺装修指南" in page and "<strong>店招</strong>" in page
    draft = ArticleFactory(is_published=False)
    assert seller_client.get(reverse("learning:detail", args=[draft.pk])).status_code == 404
    assert seller_client.get(reverse("learning:detail", args=[999999])).status_code == 404


def test_shoppers_get_404_and_anonymous_users_are_sent_to_login(client):
    article = ArticleFactory()
    urls = [LIST, reverse("learning:detail", args=[article.pk])]
    assert all(client.get(url).status_code == 302 for url in urls)
    client.force_login(ShopperFactory())
    assert all(client.get(url).status_code == 404 for url in urls)


def test_saving_an_article_sanitises_the_body_and_stamps_publication():
    article = ArticleFactory.build(
        category=ArticleCategoryFactory(), is_published=True, published_at=None,
        body='<p onclick="steal()">好</p><script>alert(1)</script><a href="javascript:x">链接</a>',
    )  # fmt: skip
    services.save_article(article)
    article.refresh_from_db()
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript" not in article.body and "<p>好</p>" in article.body
    assert article.published_at is not None


def test_the_operator_publishes_through_the_admin_and_the_body_is_sanitised(client):
    operator = ShopperFactory(is_staff=True)
    operator.user_permissions.add(*Permission.objects.filter(codename__endswith="article"))
    client.force_login(operator)
    category = ArticleCategoryFactory()
    response = client.post(
        reverse("admin:learning_article_add"),
        {"title": "新规解读", "category": category.pk, "summary": "", "is_published": "on",
         "body": "<p>正文</p><img src=x onerror=alert(1)>"},
    )  # fmt: skip
    assert response.status_code == 302
    article = Article.objects.get()
    assert "onerror" not in article.body and article.published_at is not None


def test_the_admin_refuses_a_corrupt_cover(client):
    client.force_login(ShopperFactory(is_staff=True, is_superuser=True))
    cover = _upload("cover.png", b"not an image")
    response = client.post(
        reverse("admin:learning_article_add"),
        {"title": "坏封面", "category": ArticleCategoryFactory().pk, "body": "<p>x</p>",
         "cover": cover},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"]
    assert not Article.objects.exists()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")


def test_the_list_costs_the_same_queries_for_many_articles(
    seller_client, django_assert_max_num_queries
):
    ArticleFactory.create_batch(12)
    with django_assert_max_num_queries(8):
        assert seller_client.get(LIST).status_code == 200
