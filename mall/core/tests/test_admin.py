import pytest
from django.contrib import admin
from django.urls import reverse

from mall.core.admin import ReadOnlyMixin

pytestmark = pytest.mark.django_db

READ_ONLY = [m for m, a in admin.site._registry.items() if isinstance(a, ReadOnlyMixin)]


def test_rows_only_services_write_are_read_only_in_the_admin():
    labels = {f"{m._meta.app_label}.{m._meta.model_name}" for m in READ_ONLY}
    assert {"orders.order", "payments.payment", "ledger.entry", "inventory.stockmovement"} <= labels


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m._meta.label)
def test_operators_can_list_but_not_add(admin_client, model):
    route = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{route}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"{route}_add")).status_code == 403
