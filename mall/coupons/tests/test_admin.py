"""The operators' coupons: numbers per template, pause / end, 定向发放 with its segment page,
creating through the shared checks, wallets read-only."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from mall.celery import app as celery_app
from mall.coupons.models import CouponTemplate, UserCoupon
from mall.coupons.tests.factories import TemplateFactory, wallet_coupon
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:coupons_coupontemplate_changelist"


@pytest.fixture
def operator(client):
    user = ShopperFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="coupons"))
    client.force_login(user)
    return user


def act(client, action: str, templates, **form):
    data = {"action": action, ACTION_CHECKBOX_NAME: [t.pk for t in templates], **form}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_the_list_shows_issued_used_remaining_and_usage_rate(client, operator):
    template = TemplateFactory(name="满199减20", total_quantity=10, per_user_limit=5)
    coupons = [wallet_coupon(ShopperFactory()) for _ in range(4)]
    UserCoupon.objects.filter(pk__in=[c.pk for c in coupons]).update(template=template)
    UserCoupon.objects.filter(pk=coupons[0].pk).update(status="used")
    CouponTemplate.objects.filter(pk=template.pk).update(issued_count=4)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "满199减20" in page and "25.0%" in page and "平台" in page
    row = page[page.index("满199减20") :]
    assert '<td class="field-remaining_display">6</td>' in row


def test_pause_and_end(client, operator):
    templates = [TemplateFactory(), TemplateFactory()]
    act(client, "pause", templates[:1])
    act(client, "end", templates[1:])
    statuses = [CouponTemplate.objects.get(pk=t.pk).status for t in templates]
    assert statuses == ["paused", "ended"]
    response = act(client, "pause", templates[1:])
    assert "已结束的优惠券不能再发放" in response.content.decode()


def test_bulk_issue_asks_for_the_segment_then_issues(
    client, operator, django_capture_on_commit_callbacks
):
    template = TemplateFactory(name="定向券", per_user_limit=3)
    shoppers = [ShopperFactory() for _ in range(3)]
    page = act(client, "bulk_issue", [template])
    assert "定向发放" in page.content.decode() and "定向券" in page.content.decode()
    page = act(client, "bulk_issue", [template], apply="1", kind="min_rank", value="")
    assert "请填写条件" in page.content.decode()
    assert not UserCoupon.objects.exists()
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = act(client, "bulk_issue", [template], apply="1", kind="all", value="")
    finally:
        celery_app.conf.task_always_eager = False
    assert "已开始向所选买家发放" in response.content.decode()
    receivers = set(UserCoupon.objects.values_list("user_id", flat=True))
    assert receivers == {s.pk for s in shoppers}  # staff are not shoppers


def test_a_coupon_created_in_the_admin_is_checked(client, operator):
    data = {
        "name": "坏券", "kind": "amount", "amount": "120", "threshold": "100", "valid_days": "7",
        "per_user_limit": "1", "channel": "public", "spend_period": "all",
        "status": "active", "codes-TOTAL_FORMS": "0", "codes-INITIAL_FORMS": "0",
        **{f"scope_{name}": "[]" for name in ("shop_ids", "category_ids", "brand_ids",
                                             "product_ids", "sku_ids", "tags",
                                             "excluded_product_ids")},
    }  # fmt: skip
    response = client.post(reverse("admin:coupons_coupontemplate_add"), data)
    assert "满减券的减免金额不能超过使用门槛" in response.content.decode()
    response = client.post(reverse("admin:coupons_coupontemplate_add"), {**data, "amount": "20"})
    assert response.status_code == 302
    created = CouponTemplate.objects.get()
    assert (created.amount, created.threshold, created.created_by) == (2000, 10000, operator)


def test_wallets_are_read_only(client, operator):
    coupon = wallet_coupon(ShopperFactory())
    assert client.get(reverse("admin:coupons_usercoupon_changelist")).status_code == 200
    url = reverse("admin:coupons_usercoupon_change", args=[coupon.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "used"}).status_code == 403
    coupon.refresh_from_db()
    assert coupon.status == "unused"
