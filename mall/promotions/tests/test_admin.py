"""The operator's promotions: list, actions through the services, the change form with its
inlines checked together, and the preview page."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.tests.factories import ShopFactory
from mall.promotions.models import Promotion
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:promotions_promotion_changelist"


@pytest.fixture
def operator(client):
    user = ShopperFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="promotions"))
    client.force_login(user)
    return user


def inline_data(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def change_form(**values) -> dict:
    data = {
        "name": "联合满减", "slug": "joint", "kind": "reduction", "discount_bp": "0", "amount": "0",
        "basis": "amount", "tiers": "[[20000, 3000]]", "gift_quantity": "1", "nth": "2",
        "threshold": "0", "region_prefixes": "[]", "priority": "0", "min_member_rank": "0",
        "audience_groups": "[]", "audience_tags": "[]", "scope_shop_ids": "[]",
        "scope_category_ids": "[]", "scope_brand_ids": "[]", "scope_product_ids": "[]",
        "scope_sku_ids": "[]", "scope_tags": "[]", "scope_excluded_product_ids": "[]",
        **inline_data("windows", []), **inline_data("special_prices", []),
        **inline_data("joint_shares", []), **inline_data("events", []),
    }  # fmt: skip
    return data | values


def test_the_list_shows_owner_status_and_spend(client, operator):
    PromotionFactory(name="平台活动", budget=10_000)
    PromotionFactory(name="店铺活动", shop=ShopFactory(name="某某店"))
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "平台活动" in page and "店铺活动" in page and "某某店" in page
    assert "¥0.00 / ¥100.00" in page


def test_actions_go_through_the_services(client, operator):
    draft = PromotionFactory(status="draft")
    ended = PromotionFactory(status="ended", name="旧活动")
    data = {"action": "start_promotions", ACTION_CHECKBOX_NAME: [draft.pk, ended.pk]}
    response = client.post(reverse(CHANGELIST), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "已开始 1 个活动" in messages
    assert "“旧活动”当前已结束：只有草稿可以开始" in messages
    draft.refresh_from_db()
    assert draft.status == "running"
    assert draft.events.get().actor == operator


def test_joint_shares_are_checked_together(client, operator):
    a, b = ShopFactory(), ShopFactory()
    shares = inline_data(
        "joint_shares",
        [{"shop": str(a.pk), "share_bp": "5000"}, {"shop": str(b.pk), "share_bp": "4000"}],
    )
    response = client.post(reverse("admin:promotions_promotion_add"), change_form(**shares))
    assert response.status_code == 200
    assert "联合出资比例合计须为 100%（现为 90%）" in response.content.decode()
    assert not Promotion.objects.exists()

    shares["joint_shares-1-share_bp"] = "5000"
    response = client.post(reverse("admin:promotions_promotion_add"), change_form(**shares))
    assert response.status_code == 302
    promotion = Promotion.objects.get()
    assert sorted(promotion.joint_shares.values_list("share_bp", flat=True)) == [5_000, 5_000]
    assert promotion.events.get().kind == "created"


def test_the_preview_prices_a_draft(client, operator, product):
    promotion = PromotionFactory(status="draft", discount_bp=1_000)
    url = reverse("admin:promotions_promotion_preview", args=[promotion.pk])
    response = client.get(url, {"lines": f"{product.skus.get().pk} 1", "member_rank": "0"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "¥90.00" in page and "折扣 9折" in page


def test_the_change_form_and_its_inlines_render(client, operator):
    promotion = PromotionFactory(name="编辑我")
    assert client.get(reverse("admin:promotions_promotion_add")).status_code == 200
    page = client.get(reverse("admin:promotions_promotion_change", args=[promotion.pk]))
    assert page.status_code == 200
    assert "编辑我" in page.content.decode()
