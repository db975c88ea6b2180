"""/seller/coupons/: a shop manages its own coupons only, with MANAGE_PROMOTIONS."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.coupons.models import CouponTemplate, UserCoupon
from mall.coupons.tests.factories import TemplateFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db
Role = ShopMember.Role


@pytest.fixture
def owner():
    return ShopMemberFactory(role=Role.OWNER)


@pytest.fixture
def seller(client, owner):
    client.force_login(owner.user)
    return client


def form(**changes) -> dict:
    data = {
        "name": "店铺券·满99减10", "kind": "amount", "amount": "10", "threshold": "99",
        "valid_days": "14", "total_quantity": "100", "per_user_limit": "1",
        "stackable": "on", "return_on_cancel": "on", "scope_category_ids": "[]",
        "scope_product_ids": "[]", "scope_excluded_product_ids": "[]",
        "discount_bp": "", "cap": "",
    }  # fmt: skip
    return {**data, **changes}


def test_the_list_shows_the_shops_coupons_with_issued_and_used(seller, owner):
    template = TemplateFactory(name="本店满99减10", shop=owner.shop, total_quantity=50)
    coupons = [
        UserCoupon.objects.create(template=template, user=ShopMemberFactory().user,
                                  claimed_at=template.created_at, source="shop", key=f"k{n}")
        for n in range(3)
    ]  # fmt: skip
    UserCoupon.objects.filter(pk=coupons[0].pk).update(status="used")
    CouponTemplate.objects.filter(pk=template.pk).update(issued_count=3)
    TemplateFactory(name="别店的券", shop=ShopMemberFactory().shop)
    TemplateFactory(name="平台的券")
    page = seller.get(reverse("coupons:seller_list")).content.decode()
    assert "本店满99减10" in page and "别店的券" not in page and "平台的券" not in page
    assert "已领取 3 / 50" in page and "已使用 1" in page
    assert 'href="/seller/coupons/"' in page  # the nav item


def test_creating_a_shop_coupon(seller, owner):
    response = seller.post(reverse("coupons:seller_create"), form())
    assert response.status_code == 302
    template = CouponTemplate.objects.get()
    assert (template.shop, template.amount, template.threshold) == (owner.shop, 1000, 9900)
    assert template.created_by == owner.user and template.channel == "public"


def test_a_fixed_window_from_the_browsers_date_fields(seller, owner):
    data = form(valid_days="", valid_from="2026-12-01T00:00", valid_until="2026-12-12T23:59")
    assert seller.post(reverse("coupons:seller_create"), data).status_code == 302
    template = CouponTemplate.objects.get()
    assert timezone.localtime(template.valid_until).strftime("%m-%d %H:%M") == "12-12 23:59"
    assert (
        "2026.12.01 – 2026.12.12 23:59"
        in seller.get(reverse("coupons:seller_list")).content.decode()
    )


def test_bad_coupons_are_refused_with_the_reason(seller, owner):
    foreign = ProductFactory()
    cases = [
        (form(amount="120"), "满减券的减免金额不能超过使用门槛"),
        (form(kind="percent", amount="", discount_bp="150"), "折扣须在 1% 到 99% 之间"),
        (form(per_user_limit="0"), "每人限领至少 1 张"),
        (form(valid_days=""), "请填写有效期结束时间，或领取后有效天数"),
        (form(scope_product_ids=f"[{foreign.pk}]"), "不能包含其他店铺的商品"),
    ]
    for data, message in cases:
        response = seller.post(reverse("coupons:seller_create"), data)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    assert not CouponTemplate.objects.exists()


def test_pause_resume_and_end(seller, owner):
    template = TemplateFactory(shop=owner.shop)

    def move(name: str) -> str:
        url = reverse("coupons:seller_move", args=[template.pk, name])
        seller.post(url)
        template.refresh_from_db()
        return template.status

    assert move("pause") == "paused"
    assert move("resume") == "active"
    assert move("end") == "ended"
    assert move("resume") == "ended"  # an ended coupon stays ended
    assert seller.post(reverse("coupons:seller_move", args=[template.pk, "x"])).status_code == 404


def test_another_shops_coupon_is_not_found(seller):
    other = TemplateFactory(shop=ShopMemberFactory().shop)
    for move in ("pause", "end"):
        response = seller.post(reverse("coupons:seller_move", args=[other.pk, move]))
        assert response.status_code == 404
    platform = TemplateFactory()
    assert seller.post(reverse("coupons:seller_move", args=[platform.pk, "end"])).status_code == 404
    other.refresh_from_db()
    platform.refresh_from_db()
    assert (other.status, platform.status) == ("active", "active")


@pytest.mark.parametrize("role", [Role.SERVICE, Role.SHIPPING])
def test_roles_without_promotions_find_nothing(client, owner, role):
    template = TemplateFactory(shop=owner.shop)
    client.force_login(ShopMemberFactory(shop=owner.shop, role=role).user)
    assert client.get(reverse("coupons:seller_list")).status_code == 404
    assert client.post(reverse("coupons:seller_create"), form()).status_code == 404
    url = reverse("coupons:seller_move", args=[template.pk, "end"])
    assert client.post(url).status_code == 404
    assert CouponTemplate.objects.get().status == "active"
