"""/seller/promotions/: a member with MANAGE_PROMOTIONS manages their own shop's promotions;
anyone else, and any other shop's promotion, is a 404."""

import pytest
from django.urls import reverse

from mall.catalog.tests.seller_helpers import seller_client
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopFactory
from mall.promotions.models import Promotion
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db
Role = ShopMember.Role


def form_data(**values) -> dict[str, str]:
    data = {"name": "满100减20", "kind": "reduction", "basis": "amount", "tiers": "100-20, 200-50",
            "gift_quantity": "1", "nth": "2", "min_member_rank": "0"}  # fmt: skip
    return data | values


def test_owner_creates_a_reduction_in_yuan_and_it_is_saved_in_fen(shop):
    client = seller_client(shop)
    response = client.post(reverse("promotions:seller_create"), form_data())
    promotion = Promotion.objects.get()
    assert response.status_code == 302
    assert (promotion.shop, promotion.status) == (shop, Promotion.Status.DRAFT)
    assert promotion.tiers == [[10_000, 2_000], [20_000, 5_000]]


def test_a_time_slot_discount_with_windows(shop):
    client = seller_client(shop)
    data = form_data(kind="percent", tiers="", discount_bp="8", windows="10:00-11:00, 20:00-24:00")
    data["weekdays"] = ["5", "6"]
    client.post(reverse("promotions:seller_create"), data)
    promotion = Promotion.objects.get()
    assert promotion.discount_bp == 2_000
    assert [str(w) for w in promotion.windows.order_by("start")] == ["10:00–11:00", "20:00–24:00"]
    assert promotion.windows.first().weekdays == [5, 6]


def test_bad_input_is_explained_on_the_form(shop):
    client = seller_client(shop)
    response = client.post(reverse("promotions:seller_create"), form_data(tiers="100-120"))
    assert response.status_code == 400
    assert "满¥100.00减¥120.00：减免金额不能超过门槛" in response.content.decode()
    assert not Promotion.objects.exists()


def test_another_shops_product_cannot_be_named(shop, product):
    other = ShopFactory()
    client = seller_client(other)
    response = client.post(
        reverse("promotions:seller_create"), form_data(scope_product_ids=str(product.pk))
    )
    assert response.status_code == 400
    assert f"只能选择本店的商品：编号 {product.pk} 不属于本店" in response.content.decode()


def test_start_pause_and_list_by_status(shop):
    promotion = PromotionFactory(shop=shop, status="draft", name="本店活动")
    PromotionFactory(name="别家活动")
    client = seller_client(shop)
    client.post(reverse("promotions:seller_move", args=[promotion.pk, "start"]))
    promotion.refresh_from_db()
    assert promotion.status == "running"
    page = client.get(reverse("promotions:seller_list"), {"status": "running"}).content.decode()
    assert "本店活动" in page and "别家活动" not in page


def test_preview_prices_the_draft_rule(shop, product):
    promotion = PromotionFactory(shop=shop, status="draft", discount_bp=2_500)
    client = seller_client(shop)
    url = reverse("promotions:seller_preview", args=[promotion.pk])
    response = client.get(url, {"lines": f"{product.skus.get().pk} 2", "member_rank": "0"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "¥150.00" in page and "折扣 7.5折" in page  # 2 × ¥100 at 75 %


def test_another_shops_promotion_is_not_found(shop):
    foreign = PromotionFactory(shop=ShopFactory(), status="draft")
    client = seller_client(shop)
    assert client.get(reverse("promotions:seller_edit", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("promotions:seller_preview", args=[foreign.pk])).status_code == 404
    move = reverse("promotions:seller_move", args=[foreign.pk, "start"])
    assert client.post(move).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "draft"


def test_platform_promotions_are_not_the_shops(shop):
    platform = PromotionFactory()
    client = seller_client(shop)
    assert client.get(reverse("promotions:seller_edit", args=[platform.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.SERVICE, Role.SHIPPING])
def test_roles_without_the_permission_get_404(shop, role):
    promotion = PromotionFactory(shop=shop)
    client = seller_client(shop, role)
    assert client.get(reverse("promotions:seller_list")).status_code == 404
    assert client.get(reverse("promotions:seller_edit", args=[promotion.pk])).status_code == 404


def test_operations_role_may_manage(shop):
    client = seller_client(shop, Role.OPERATIONS)
    page = client.get(reverse("promotions:seller_list"))
    assert page.status_code == 200
    assert "营销活动" in page.content.decode()
