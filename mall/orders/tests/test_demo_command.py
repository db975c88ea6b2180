"""`manage.py seed_demo` ends with the demo's past orders and prints a seller login."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from mall.merchants.demo import SELLER_PASSWORD, seller_mobile
from mall.orders.models import Order


@pytest.mark.django_db
def test_seed_demo_seeds_past_orders_and_prints_a_seller_login(tmp_path):
    out = StringIO()
    with override_settings(MEDIA_ROOT=tmp_path):
        call_command("seed_demo", products=30, pictures_per_category=2, verbosity=0, stdout=out)
    text = out.getvalue()
    assert f"演示卖家（店主）手机号：{seller_mobile(0)}  密码：{SELLER_PASSWORD}" in text
    assert f"历史订单：{Order.objects.count()}" in text
    assert Order.objects.filter(settled_at__isnull=False).exists()
