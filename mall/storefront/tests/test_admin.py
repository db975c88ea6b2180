from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mall.storefront.models import Banner
from mall.storefront.tests.factories import BannerFactory, png_upload

pytestmark = pytest.mark.django_db


def test_operators_manage_banners_in_the_admin(admin_client):
    banner = BannerFactory(title="年货节")
    changelist = admin_client.get(reverse("admin:storefront_banner_changelist"))
    assert "年货节" in changelist.content.decode()
    change = admin_client.get(reverse("admin:storefront_banner_change", args=[banner.pk]))
    assert change.status_code == 200


def test_a_banner_saved_in_the_admin_shows_on_the_cached_home_page(admin_client, client):
    client.get("/")
    upload = png_upload("new.png", size=(120, 40))
    data = {"title": "新春特卖", "subtitle": "", "link_url": "/", "position": 0, "is_active": "on"}
    response = admin_client.post(reverse("admin:storefront_banner_add"), {**data, "image": upload})
    assert response.status_code == 302
    assert "新春特卖" in client.get("/").content.decode()


def test_home_page_is_kept_only_until_the_next_banner_starts_or_ends():
    now = timezone.now()
    assert Banner.objects.seconds_until_change(now) == 300
    BannerFactory(starts_at=now + timedelta(seconds=90))
    assert Banner.objects.seconds_until_change(now) == 90
    BannerFactory(starts_at=now - timedelta(days=1), ends_at=now + timedelta(seconds=30))
    assert Banner.objects.seconds_until_change(now) == 30
    assert Banner.objects.live(now).count() == 1
