import pytest

from mall.catalog.tests.factories import CategoryFactory
from mall.onboarding.demo import seed_demo_data
from mall.onboarding.models import Application

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_runs_twice():
    CategoryFactory.create_batch(3)
    first = seed_demo_data(seed=7)
    again = seed_demo_data(seed=7)
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(Application.Status.values)
    assert first["入驻申请（新建）"] == 7 and again["入驻申请（新建）"] == 0
    assert Application.objects.count() == 7
    approved = Application.objects.get(status=Application.Status.APPROVED)
    assert approved.shop is not None and approved.brands.get().authorisation
