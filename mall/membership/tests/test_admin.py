"""The operator's pages: profiles searched by mobile and set through the services, the bulk
actions, price-list rows checked like the seller's, spend records read only."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from mall.customers.tests.factories import ShopperFactory
from mall.membership.models import CustomerProfile, GroupPrice, SpendRecord

pytestmark = pytest.mark.django_db
PROFILES = "admin:membership_customerprofile_changelist"


def test_profiles_are_searched_by_mobile(admin_client, groups):
    for mobile in ("13800138011", "13900139022"):
        CustomerProfile.objects.create(user=ShopperFactory(mobile=mobile), group=groups["agent"])
    page = admin_client.get(reverse(PROFILES), {"q": "1380013"}).text
    assert "13800138011" in page and "13900139022" not in page


def test_the_change_form_sets_group_tags_and_a_locked_level(admin_client, groups, levels):
    profile = CustomerProfile.objects.create(user=ShopperFactory(), cumulative_spend=50_000)
    url = reverse("admin:membership_customerprofile_change", args=[profile.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"group": groups["dealer"].pk, "tags": "企业、华东",
                                       "member_rank": "2", "level_locked": "on"})  # fmt: skip
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.group, profile.tags, profile.member_rank, profile.level_locked) == (
        groups["dealer"],
        ["企业", "华东"],
        2,
        True,
    )
    assert profile.cumulative_spend == 50_000  # counted, never typed


def test_the_group_action_asks_then_applies_to_every_selected_shopper(admin_client, groups):
    profiles = [CustomerProfile.objects.create(user=ShopperFactory()) for _ in range(2)]
    data = {"action": "set_group", ACTION_CHECKBOX_NAME: [p.pk for p in profiles]}
    page = admin_client.post(reverse(PROFILES), data)
    assert page.status_code == 200 and "设置客户分组" in page.text
    admin_client.post(reverse(PROFILES), {**data, "apply": "1", "group": groups["wholesaler"].pk})
    assert {p.group for p in CustomerProfile.objects.all()} == {groups["wholesaler"]}


def test_the_level_action_sets_and_locks(admin_client, levels):
    profile = CustomerProfile.objects.create(user=ShopperFactory())
    data = {"action": "set_level", ACTION_CHECKBOX_NAME: [profile.pk], "apply": "1",
            "rank": "3", "locked": "on"}  # fmt: skip
    admin_client.post(reverse(PROFILES), data)
    profile.refresh_from_db()
    assert (profile.member_rank, profile.level_locked) == (3, True)


def test_a_rising_ladder_row_is_refused_in_the_admin(admin_client, sku, groups):
    GroupPrice.objects.create(sku=sku, group=groups["agent"], min_quantity=10, unit_price=8_000)
    response = admin_client.post(
        reverse("admin:membership_groupprice_add"),
        {"sku": sku.pk, "group": groups["agent"].pk, "min_quantity": 100, "unit_price": 8_500},
    )
    assert response.status_code == 200
    assert "100 件起的单价 ¥85.00 不能高于 10 件起的 ¥80.00" in response.text
    assert GroupPrice.objects.count() == 1


def test_spend_records_are_read_only(admin_client):
    record = SpendRecord.objects.create(order_id=7, user=ShopperFactory(), amount=100,
                                        at="2026-11-01T12:00:00+08:00")  # fmt: skip
    assert admin_client.get(reverse("admin:membership_spendrecord_changelist")).status_code == 200
    change = reverse("admin:membership_spendrecord_change", args=[record.pk])
    page = admin_client.get(change).text
    assert 'name="amount"' not in page
    assert admin_client.get(reverse("admin:membership_spendrecord_add")).status_code == 403


@pytest.mark.parametrize("model", ["memberlevel", "customergroup", "groupprice",
                                   "minimumorderquantity", "memberprice"])  # fmt: skip
def test_every_list_opens(admin_client, levels, groups, model):
    assert admin_client.get(reverse(f"admin:membership_{model}_changelist")).status_code == 200
