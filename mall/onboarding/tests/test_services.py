import pytest

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember, Tier
from mall.merchants.tests.factories import ShopMemberFactory
from mall.notifications.models import OutboxMessage
from mall.onboarding import services
from mall.onboarding.errors import IncompleteApplication, OnboardingError
from mall.onboarding.models import Application, ApplicationEvent
from mall.onboarding.tests.factories import ApplicationFactory, credit_code, png_upload

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_superuser("ops", password="x")


def submitted(**kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    return services.submit(application, actor=application.applicant)


def sms_of(application: Application) -> list[str]:
    return list(
        OutboxMessage.objects.filter(recipient=application.contact_mobile)
        .order_by("pk")
        .values_list("template", flat=True)
    )


def test_save_draft_creates_one_draft_and_updates_it():
    shopper = ShopperFactory()
    first = services.save_draft(shopper, services.ApplicationInput(company_name="沪上贸易"))
    again = services.save_draft(
        shopper, services.ApplicationInput(company_name="沪上贸易有限公司", logo=png_upload())
    )
    assert first.pk == again.pk
    again.refresh_from_db()
    assert again.company_name == "沪上贸易有限公司" and again.logo
    assert [e.to_status for e in again.events.all()] == [Status.DRAFT]
    assert not OutboxMessage.objects.exists()  # a draft is nobody's business yet


def test_a_file_left_out_keeps_the_one_on_the_draft():
    application = ApplicationFactory()
    licence = application.business_licence.name
    services.save_draft(
        application.applicant, services.ApplicationInput(company_name="新名字", shop_name="店")
    )
    application.refresh_from_db()
    assert application.business_licence.name == licence


def test_submit_needs_everything():
    shopper = ShopperFactory()
    draft = services.save_draft(shopper, services.ApplicationInput(company_name="半成品"))
    with pytest.raises(IncompleteApplication) as caught:
        services.submit(draft, actor=shopper)
    assert {"credit_code", "business_licence", "logo", "brands", "categories"} <= set(
        caught.value.missing
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_every_step_is_recorded_and_notified_once(operator):
    application = submitted()
    services.request_info(application, actor=operator, message="营业执照照片不清晰")
    services.submit(application, actor=application.applicant)
    services.reject(application, actor=operator, reason="品牌授权已过期")
    events = list(application.events.values_list("from_status", "to_status", "message"))
    assert events == [
        ("", Status.DRAFT, ""),
        (Status.DRAFT, Status.SUBMITTED, ""),
        (Status.SUBMITTED, Status.NEEDS_INFO, "营业执照照片不清晰"),
        (Status.NEEDS_INFO, Status.RESUBMITTED, ""),
        (Status.RESUBMITTED, Status.REJECTED, "品牌授权已过期"),
    ]
    assert sms_of(application) == [
        "MERCHANT_APPLICATION_SUBMITTED",
        "MERCHANT_APPLICATION_NEEDS_INFO",
        "MERCHANT_APPLICATION_RESUBMITTED",
        "MERCHANT_APPLICATION_REJECTED",
    ]
    rejected = OutboxMessage.objects.get(template="MERCHANT_APPLICATION_REJECTED")
    assert rejected.params["message"] == "品牌授权已过期"
    application.refresh_from_db()
    assert application.decided_at is not None
    assert ApplicationEvent.objects.filter(actor=operator).count() == 2


def test_the_sms_does_not_double_the_operators_full_stop(operator):
    application = submitted()
    services.request_info(application, actor=operator, message="营业执照照片不清晰。")
    asked = OutboxMessage.objects.get(template="MERCHANT_APPLICATION_NEEDS_INFO")
    assert asked.params["message"] == "营业执照照片不清晰"  # the template adds its own 。
    assert application.events.get(to_status=Status.NEEDS_INFO).message == "营业执照照片不清晰。"


def test_refused_moves_change_nothing(operator):
    application = ApplicationFactory()
    with pytest.raises(OnboardingError):
        services.reject(application, actor=operator, reason="草稿不能驳回")
    application = submitted()
    with pytest.raises(OnboardingError):
        services.submit(application, actor=application.applicant)
    with pytest.raises(OnboardingError, match="原因"):
        services.reject(application, actor=operator, reason="   ")
    with pytest.raises(OnboardingError):
        services.request_info(application, actor=operator, message="")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.events.count() == 2


def test_one_live_application_per_company_until_rejected(operator):
    code = credit_code(424242)
    first = submitted(credit_code=code)
    second = ApplicationFactory(credit_code=code)
    with pytest.raises(OnboardingError) as caught:
        services.submit(second, actor=second.applicant)
    assert caught.value.field == "credit_code"
    assert "不能重复申请" in caught.value.message
    services.reject(first, actor=operator, reason="资料不符")
    services.submit(second, actor=second.applicant)
    assert Application.objects.get(pk=second.pk).status == Status.SUBMITTED


def test_a_draft_cannot_take_the_code_of_a_live_application():
    code = credit_code(515151)
    submitted(credit_code=code)
    with pytest.raises(OnboardingError):
        services.save_draft(ShopperFactory(), services.ApplicationInput(credit_code=code))


def test_an_application_in_review_cannot_be_edited():
    application = submitted()
    with pytest.raises(OnboardingError, match="审核"):
        services.save_draft(application.applicant, services.ApplicationInput(company_name="改名"))


def test_approval_opens_the_shop_with_the_owner(operator):
    application = submitted(contact_mobile="13712345678")
    tier = Tier.objects.get(code="preferred")
    services.approve(application, actor=operator, tier=tier)
    application.refresh_from_db()
    shop = application.shop
    assert application.status == Status.APPROVED and application.decided_at
    assert shop.name == application.shop_name and shop.tier == tier and shop.logo
    assert shop.logo.name != application.logo.name  # its own copy
    owner = ShopMember.objects.get(shop=shop)
    assert owner.role == ShopMember.Role.OWNER and owner.user.mobile == "13712345678"
    assert "MERCHANT_APPLICATION_APPROVED" in sms_of(application)


def test_approval_refused_by_merchants_changes_nothing(operator):
    member = ShopMemberFactory()
    application = submitted(contact_mobile=member.user.mobile)
    with pytest.raises(OnboardingError, match="一个账号只能属于一家店铺"):
        services.approve(application, actor=operator, tier=Tier.objects.get(code="standard"))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.shop is None
    assert application.events.count() == 2
    assert sms_of(application) == ["MERCHANT_APPLICATION_SUBMITTED"]


def test_a_race_past_the_check_is_settled_by_the_database(monkeypatch):
    code = credit_code(616161)
    submitted(credit_code=code)
    second = ApplicationFactory(credit_code=code)
    monkeypatch.setattr(services, "_ensure_company_free", lambda *args: None)
    with pytest.raises(OnboardingError) as caught:
        services.submit(second, actor=second.applicant)
    assert caught.value.field == "credit_code"
    second.refresh_from_db()
    assert second.status == Status.DRAFT
