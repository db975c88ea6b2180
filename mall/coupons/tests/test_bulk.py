"""定向发放: an operator's coupon to a segment of shoppers, by a Celery task in batches."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mall.celery import app as celery_app
from mall.coupons import services
from mall.coupons.models import Channel, Source, UserCoupon
from mall.coupons.segments import Segment, SegmentKind, user_id_batches
from mall.coupons.tests.factories import TemplateFactory, checkout
from mall.customers.tests.factories import ShopperFactory
from mall.membership.models import CustomerProfile
from mall.orders.models import Order
from mall.orders.tests.checkout_setup import build_mall

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def receivers(template) -> list[int]:
    rows = UserCoupon.objects.filter(template=template, source=Source.BULK)
    return sorted(rows.values_list("user_id", flat=True))


def run(template, segment, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        return services.bulk_issue(template, segment)


def test_every_shopper_gets_one_and_a_rerun_of_the_same_key_adds_none(
    eager, django_capture_on_commit_callbacks
):
    shoppers = [ShopperFactory() for _ in range(5)]
    ShopperFactory(is_staff=True)
    ShopperFactory(is_active=False)
    template = TemplateFactory(channel=Channel.MANUAL, per_user_limit=2)
    key = run(template, Segment(SegmentKind.ALL), django_capture_on_commit_callbacks)
    assert receivers(template) == sorted(s.pk for s in shoppers)
    ids = [s.pk for s in shoppers]
    assert services.issue_batch(template, ids, key=key) == 0  # a retried batch
    run(template, Segment(SegmentKind.ALL), django_capture_on_commit_callbacks)  # a new run
    assert len(receivers(template)) == 10
    template.refresh_from_db()
    assert template.issued_count == 10


def test_the_total_and_the_per_shopper_limit_hold(eager, django_capture_on_commit_callbacks):
    shoppers = [ShopperFactory() for _ in range(4)]
    template = TemplateFactory(channel=Channel.MANUAL, total_quantity=3)
    services.issue(shoppers[0], template, source=Source.OPERATOR, key="before")
    run(template, Segment(SegmentKind.ALL), django_capture_on_commit_callbacks)
    template.refresh_from_db()
    assert template.issued_count == 3
    assert receivers(template) == [shoppers[1].pk, shoppers[2].pk]


def test_recent_buyers_are_those_who_paid_in_the_last_days():

    mall = build_mall()
    checkout(mall, "recent", mall.sku_b)
    earlier = build_mall()
    checkout(earlier, "old", earlier.sku_b)
    Order.objects.filter(buyer=earlier.buyer).update(paid_at=timezone.now() - timedelta(days=40))
    batches = list(user_id_batches(Segment(SegmentKind.RECENT_BUYERS, "30")))
    assert batches == [[mall.buyer.pk]]


def test_segments_by_rank_and_tag():
    gold = ShopperFactory()
    silver = ShopperFactory()
    ShopperFactory()  # no profile: rank 0, no tags
    CustomerProfile.objects.create(user=gold, member_rank=2, tags=["母婴"])
    CustomerProfile.objects.create(user=silver, member_rank=1)

    def members(segment: Segment) -> list[int]:
        return [i for batch in user_id_batches(segment, size=2) for i in batch]

    assert members(Segment(SegmentKind.MIN_RANK, "1")) == [gold.pk, silver.pk]
    assert members(Segment(SegmentKind.MIN_RANK, "2")) == [gold.pk]
    assert members(Segment(SegmentKind.TAG, "母婴")) == [gold.pk]
