"""The operators' review through the admin URLs, as a staff user with the review permission."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopFactory, ShopMemberFactory
from mall.notifications.models import OutboxMessage
from mall.onboarding import services
from mall.onboarding.models import Application
from mall.onboarding.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
Status = Application.Status
CHANGELIST = reverse("admin:onboarding_application_changelist")


@pytest.fixture
def operator(client):
    user = ShopperFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="review_application"),
        Permission.objects.get(codename="view_application"),
    )
    client.force_login(user)
    return user


def submitted(**kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    return services.submit(application, actor=application.applicant)


def decide_url(application: Application, decision: str) -> str:
    return reverse("admin:onboarding_application_decide", args=[application.pk, decision])


def test_queue_puts_waiting_applications_first_oldest_first(client, operator):
    draft = ApplicationFactory(company_name="草稿公司")
    first = submitted(company_name="先提交公司")
    second = submitted(company_name="后提交公司")
    waiting = submitted(company_name="待补充公司")
    services.request_info(waiting, actor=operator, message="补充")
    html = client.get(CHANGELIST).content.decode()
    positions = [
        html.index(name) for name in ("先提交公司", "后提交公司", "待补充公司", "草稿公司")
    ]
    assert positions == sorted(positions)
    filtered = client.get(CHANGELIST, {"status__exact": "draft"}).content.decode()
    assert draft.company_name in filtered and first.company_name not in filtered
    assert second.company_name not in filtered


def test_detail_shows_the_files_and_decisions(client, operator):
    application = submitted()
    url = reverse("admin:onboarding_application_change", args=[application.pk])
    html = client.get(url).content.decode()
    assert reverse("onboarding:licence_file", args=[application.pk]) in html
    assert reverse("onboarding:authorisation_file", args=[application.brands.get().pk]) in html
    assert decide_url(application, "approve") in html
    assert client.get(reverse("onboarding:licence_file", args=[application.pk])).status_code == 200


def test_request_info_then_reject_through_intermediate_forms(client, operator):
    application = submitted()
    assert client.get(decide_url(application, "request-info")).status_code == 200
    response = client.post(decide_url(application, "request-info"), {"message": ""})
    assert response.status_code == 200  # the form again, nothing done
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    response = client.post(decide_url(application, "request-info"), {"message": "请补充授权链路"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.NEEDS_INFO
    response = client.post(decide_url(application, "reject"), {"reason": "未按时补充"}, follow=True)
    assert "已驳回" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert OutboxMessage.objects.filter(template="MERCHANT_APPLICATION_REJECTED").count() == 1


def test_approve_with_a_tier_opens_the_shop(client, operator):
    application = submitted(contact_mobile="13698765432")
    page = client.get(decide_url(application, "approve")).content.decode()
    assert "战略合作" in page and "保证金" in page
    response = client.post(decide_url(application, "approve"), {"tier": "strategic"}, follow=True)
    assert "店铺已开通" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.shop.tier_id == "strategic"
    member = ShopMember.objects.get(shop=application.shop)
    assert member.user.mobile == "13698765432" and member.role == ShopMember.Role.OWNER


def test_merchants_refusal_is_an_admin_message_and_nothing_changes(client, operator):
    ShopFactory(name="撞名店铺")
    application = submitted(shop_name="撞名店铺")
    response = client.post(decide_url(application, "approve"), {"tier": "standard"}, follow=True)
    assert "已被使用" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.shop is None


def test_a_decision_the_state_does_not_allow_is_a_message(client, operator):
    application = ApplicationFactory()  # a draft
    response = client.post(decide_url(application, "reject"), {"reason": "x"}, follow=True)
    assert "不能变为" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_staff_without_the_review_permission_cannot_decide(client):
    staff = ShopperFactory(is_staff=True)
    client.force_login(staff)
    application = submitted()
    assert client.post(decide_url(application, "reject"), {"reason": "x"}).status_code == 403
    assert client.get(reverse("onboarding:licence_file", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_merchant_cannot_reach_the_review(client):
    member = ShopMemberFactory()
    client.force_login(member.user)
    application = submitted()
    response = client.get(decide_url(application, "approve"))
    assert response.status_code == 302  # to the admin login


def test_queue_shows_the_funnel_of_the_last_30_days(
    client, operator, django_assert_max_num_queries
):
    for _ in range(3):
        submitted()
    with django_assert_max_num_queries(12):
        html = client.get(CHANGELIST).content.decode()
    assert "近 30 天：新申请 3，提交 3" in html
