import pytest
from django.urls import reverse

from mall.storefront.tests.factories import BannerFactory

pytestmark = pytest.mark.django_db


def test_operators_manage_banners_in_the_admin(admin_client):
    banner = BannerFactory(title="年货节")
    changelist = admin_client.get(reverse("admin:storefront_banner_changelist"))
    assert "年货节" in changelist.content.decode()
    change = admin_client.get(reverse("admin:storefront_banner_change", args=[banner.pk]))
    assert change.status_code == 200
