from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from mall.onboarding.models import Application
from mall.onboarding.selectors import funnel_metrics
from mall.onboarding.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def decided(status: str, submitted_hours_ago: int, decided_hours_ago: int) -> Application:
    now = timezone.now()
    return ApplicationFactory(
        status=status,
        submitted_at=now - timedelta(hours=submitted_hours_ago),
        decided_at=now - timedelta(hours=decided_hours_ago),
    )


def test_funnel_counts_each_step_in_its_period():
    ApplicationFactory()  # a draft
    ApplicationFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
    decided(Status.APPROVED, submitted_hours_ago=30, decided_hours_ago=20)  # 10 h
    decided(Status.APPROVED, submitted_hours_ago=50, decided_hours_ago=20)  # 30 h
    decided(Status.REJECTED, submitted_hours_ago=25, decided_hours_ago=5)  # 20 h
    decided(Status.APPROVED, submitted_hours_ago=24 * 40, decided_hours_ago=24 * 39)  # before
    now = timezone.now()
    metrics = funnel_metrics(now - timedelta(days=7), now + timedelta(minutes=1))
    assert metrics.applications == 6  # created now (the factory's timestamps)
    assert metrics.submitted == 4
    assert (metrics.approved, metrics.rejected) == (2, 1)
    assert metrics.approval_rate == Decimal("0.6667")
    assert metrics.approval_percent == "66.7%"
    assert metrics.median_hours_to_decision == Decimal("20.0")


def test_an_empty_period_has_no_rate():
    now = timezone.now()
    metrics = funnel_metrics(now - timedelta(days=1), now)
    assert metrics.applications == metrics.approved == 0
    assert metrics.approval_rate is None and metrics.median_hours_to_decision is None
    assert metrics.approval_percent == "—"
