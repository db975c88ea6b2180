"""/campaigns/<slug>/: a running campaign's landing page with its products; drafts and ended
campaigns do not exist for shoppers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.promotions import services
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db


def test_the_landing_page_shows_the_rule_and_its_products(client, shop):
    promotion = PromotionFactory(
        shop=shop, name="店庆 8折", slug="anniversary", intro="<p>全店 8折</p>",
        ends_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    inside = ProductFactory(shop=shop, name="店内商品")
    ProductFactory(name="别家商品")
    services.refresh_catalogue_prices()
    response = client.get(reverse("promotions:campaign", args=["anniversary"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "店庆 8折" in page and "全店 8折" in page
    assert inside.name in page and "别家商品" not in page
    assert f'data-countdown="{timezone.localtime(promotion.ends_at).isoformat()}"' in page
    assert '<link rel="canonical" href="http://testserver/campaigns/anniversary/">' in page


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft"}, {"status": "ended"}, {"ends_at": timezone.now() - timedelta(hours=1)}],
)
def test_drafts_and_ended_campaigns_are_404(client, fields):
    PromotionFactory(slug="gone", **fields)
    assert client.get(reverse("promotions:campaign", args=["gone"])).status_code == 404


def test_queries_do_not_grow_with_the_products(client, shop):
    PromotionFactory(shop=shop, slug="many")
    url = reverse("promotions:campaign", args=["many"])
    ProductFactory.create_batch(2, shop=shop)
    client.get(url)  # warm caches (chrome, categories)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ProductFactory.create_batch(6, shop=shop)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_index_lists_running_campaigns(client):
    PromotionFactory(name="进行中的活动")
    PromotionFactory(name="草稿活动", status="draft")
    page = client.get(reverse("promotions:index")).content.decode()
    assert "进行中的活动" in page and "草稿活动" not in page
