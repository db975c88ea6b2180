"""The operators' shop admin: the list, the actions through the services with their reasons,
the overview, and tiers with category rates."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from mall.catalog.tests.factories import CategoryFactory, ProductFactory, category_path
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop, ShopEvent, Tier, TierCommission
from mall.merchants.tests.factories import ShopFactory
from mall.orders.models import OrderStatus as S
from mall.orders.tests.factories import move, placed_order

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:merchants_shop_changelist"


@pytest.fixture
def operator(client):
    """A staff member with the merchants app's permissions (not a superuser)."""
    user = ShopperFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="merchants"))
    client.force_login(user)
    return user


def act(client, action: str, shops, **form) -> object:
    data = {"action": action, ACTION_CHECKBOX_NAME: [shop.pk for shop in shops], **form}
    return client.post(reverse(CHANGELIST), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_list_shows_status_tier_gmv_orders_and_rating_in_a_constant_number_of_queries(
    client, operator, django_assert_max_num_queries
):
    shop = ShopFactory(name="淮海路旗舰店", tier_id=Tier.PREFERRED, rating=47)
    sku = ProductFactory(shop=shop, skus=[([], 12_345, 9)]).skus.get()
    move(placed_order([(sku, 2)]), S.PAID)
    placed_order([(sku, 1)])  # unpaid: not GMV
    client.get(reverse(CHANGELIST))  # warm the session and content types

    with django_assert_max_num_queries(8) as few:
        page = client.get(reverse(CHANGELIST))
    for _ in range(4):
        ShopFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(CHANGELIST))

    html = page.content.decode()
    assert "淮海路旗舰店" in html and "优选" in html and "营业中" in html and "4.7" in html
    assert html.count("¥246.90") == 2  # last 30 days and in total
    row = page.context["cl"].result_list.get(pk=shop.pk)
    assert (row.recent_gmv, row.total_gmv, row.total_orders) == (24_690, 24_690, 1)


def test_suspending_asks_for_a_reason_then_suspends_through_the_service(client, operator):
    shop = ShopFactory()
    product = ProductFactory(shop=shop)

    asked = act(client, "suspend_shops", [shop])
    assert asked.templates[0].name == "admin/merchants/shop/action.html"
    refused = act(client, "suspend_shops", [shop], apply="1", reason="  ")
    assert "请填写原因" in refused.content.decode()
    shop.refresh_from_db()
    assert shop.status == Shop.Status.OPEN

    done = act(client, "suspend_shops", [shop], apply="1", reason="资质过期")

    shop.refresh_from_db()
    product.refresh_from_db()
    assert (shop.status, product.status) == (Shop.Status.SUSPENDED, "off_shelf")
    assert "已暂停 1 家店铺" in messages_of(done)[0]
    event = shop.events.get()
    assert (event.actor, event.reason) == (operator, "资质过期")


def test_a_refused_action_names_the_shop_and_the_reason(client, operator):
    shop = ShopFactory(name="有单未结店")
    move(placed_order([(ProductFactory(shop=shop).skus.get(), 1)]), S.PAID)

    response = act(client, "close_shops", [shop], apply="1", reason="合同到期")

    assert messages_of(response) == ["有单未结店：店铺还有 1 笔订单未结算，全部结算后才能关闭"]
    shop.refresh_from_db()
    assert shop.status == Shop.Status.OPEN


def test_changing_tiers_records_the_change_and_an_unknown_tier_is_refused(client, operator):
    shops = [ShopFactory(), ShopFactory()]

    unknown = act(client, "change_tier", shops, apply="1", tier="gold", reason="升级")
    assert "没有这个店铺等级" in unknown.content.decode()
    done = act(client, "change_tier", shops, apply="1", tier=Tier.STRATEGIC, reason="升级")

    assert "已调整 2 家店铺的等级" in messages_of(done)[0]
    assert set(Shop.objects.values_list("tier_id", flat=True)) == {Tier.STRATEGIC}
    changes = ShopEvent.objects.filter(kind=ShopEvent.Kind.TIER_CHANGED, actor=operator)
    assert changes.count() == 2


def test_reopening_needs_no_reason_and_a_deposit_is_recorded_for_one_shop_at_a_time(
    client, operator
):
    suspended, other = ShopFactory(status=Shop.Status.SUSPENDED), ShopFactory()

    act(client, "reopen_shops", [suspended], apply="1", reason="")
    two = act(client, "record_deposit", [suspended, other], apply="1")
    bad = act(client, "record_deposit", [other], apply="1", amount="abc", source="cash:bank",
              reference="")  # fmt: skip
    paid = act(client, "record_deposit", [other], apply="1", amount="10000", source="cash:bank",
               reference="ICBC-20261126-01")  # fmt: skip

    suspended.refresh_from_db()
    assert suspended.status == Shop.Status.OPEN
    assert messages_of(two) == ["请只选择一家店铺"]
    assert bad.templates[0].name == "admin/merchants/shop/action.html"
    assert "已登记 1 笔保证金" in messages_of(paid)[0]
    assert other.events.get().amount == 1_000_000


def test_staff_who_may_only_view_shops_cannot_act_on_them(client):
    viewer = ShopperFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_shop"))
    client.force_login(viewer)
    shop = ShopFactory()

    act(client, "suspend_shops", [shop], apply="1", reason="越权")

    shop.refresh_from_db()
    assert shop.status == Shop.Status.OPEN and not shop.events.exists()


def test_shops_are_not_added_or_deleted_in_the_admin(client, operator):
    assert client.get(reverse("admin:merchants_shop_add")).status_code == 403
    shop = ShopFactory()
    assert client.get(reverse("admin:merchants_shop_delete", args=[shop.pk])).status_code == 403
    page = client.get(reverse("admin:merchants_shop_change", args=[shop.pk]))
    assert page.status_code == 200 and "待缴保证金" in page.content.decode()


def test_the_overview_shows_shops_by_tier_and_status_and_the_onboarding_funnel(client, operator):
    ShopFactory(tier_id=Tier.PREFERRED)
    ShopFactory(tier_id=Tier.PREFERRED, status=Shop.Status.SUSPENDED)

    page = client.get(reverse("admin:merchants_shop_overview"))

    assert page.status_code == 200
    preferred = next(row for row in page.context["overview"].rows if row.tier.code == "preferred")
    assert (preferred.counts, preferred.total) == ([1, 1, 0], 2)
    html = page.content.decode()
    assert "入驻率" in html and "审核用时中位数" in html


def test_the_overview_is_for_staff_only(client):
    client.force_login(ShopperFactory())
    response = client.get(reverse("admin:merchants_shop_overview"))
    assert response.status_code == 302  # to the admin login


def test_tiers_are_edited_in_percent_and_yuan_with_level_1_category_rates(client, operator):
    digital = CategoryFactory(name="数码")
    phones = category_path("家电", "冰箱")
    url = reverse("admin:merchants_tier_add")
    data = {"code": "flagship", "name": "旗舰", "commission_rate_bp": "2.5",
            "platform_fee_monthly": "199.00", "deposit": "30000", "featured_slots": 4,
            "perks": "", "position": 4,
            "commissions-TOTAL_FORMS": 1, "commissions-INITIAL_FORMS": 0,
            "commissions-0-category": phones.pk, "commissions-0-rate_bp": "3"}  # fmt: skip

    refused = client.post(url, data)
    assert refused.status_code == 200 and not Tier.objects.filter(code="flagship").exists()
    response = client.post(url, data | {"commissions-0-category": digital.pk})

    assert response.status_code == 302
    tier = Tier.objects.get(code="flagship")
    assert (tier.commission_rate_bp, tier.platform_fee_monthly, tier.deposit) == (
        250, 19_900, 3_000_000,
    )  # fmt: skip
    assert TierCommission.objects.get(tier=tier).rate_bp == 300


@pytest.mark.parametrize("rate", ["abc", "101", "2.555", "-1"])
def test_a_commission_rate_that_is_not_a_percentage_is_refused(client, operator, rate):
    data = {"code": "x", "name": "X", "commission_rate_bp": rate, "platform_fee_monthly": "0",
            "deposit": "0", "featured_slots": 0, "position": 9,
            "commissions-TOTAL_FORMS": 0, "commissions-INITIAL_FORMS": 0}  # fmt: skip
    response = client.post(reverse("admin:merchants_tier_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["commission_rate_bp"]
