"""update_rows: the columns asked for are written as the ORM would write them, nothing else."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from mall.catalog.models import Product
from mall.catalog.tests.factories import ProductFactory
from mall.core.bulk import refresh_planner_statistics, update_rows

pytestmark = pytest.mark.django_db


def test_rows_get_the_asked_columns_with_dates_json_and_nulls():
    first, second = ProductFactory(name="保温杯"), ProductFactory(name="帆布鞋")
    until = datetime(2026, 12, 1, 12, 30, tzinfo=UTC)
    first.promo_price_min, first.promo_until = 8_800, until
    first.promo_badge, first.promo_tags = {"code": "time_slot", "params": {"bp": 8000}}, ["满减"]
    second.promo_price_min, second.promo_until, second.promo_badge = None, None, {}
    first.name = second.name = "not asked for"
    update_rows([first, second], ["promo_price_min", "promo_until", "promo_badge", "promo_tags"])
    first, second = Product.objects.get(pk=first.pk), Product.objects.get(pk=second.pk)
    assert (first.promo_price_min, first.promo_until) == (8_800, until)
    assert first.promo_badge == {"code": "time_slot", "params": {"bp": 8000}}
    assert first.promo_tags == ["满减"]
    assert (second.promo_price_min, second.promo_until, second.promo_badge) == (None, None, {})
    assert (first.name, second.name) == ("保温杯", "帆布鞋")


def test_nothing_to_write_sends_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        update_rows([], ["promo_price_min"])


def test_planner_statistics_are_gathered_on_postgresql_only():
    ProductFactory.create_batch(3)
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalog_product'")
            assert cursor.fetchone()[0] >= 3
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 0
