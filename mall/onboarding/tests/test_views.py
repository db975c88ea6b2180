import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mall.catalog.tests.factories import CategoryFactory
from mall.customers.tests.factories import ShopperFactory
from mall.notifications.models import OutboxMessage
from mall.onboarding import services
from mall.onboarding.models import Application
from mall.onboarding.tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    credit_code,
    image_bytes,
    pdf_upload,
    png_upload,
)
from mall.onboarding.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db
APPLY = reverse("onboarding:apply")
STATUS = reverse("onboarding:status")
Status = Application.Status


@pytest.fixture
def shopper(client):
    user = ShopperFactory(mobile="13912345678")
    client.force_login(user)
    return user


@pytest.fixture
def category():
    return CategoryFactory(name="服饰鞋包")


def form_data(category, **overrides) -> dict:
    data = {
        "company_name": "上海沪上服饰有限公司",
        "credit_code": credit_code(7),
        "legal_representative": "王五",
        "contact_name": "赵六",
        "contact_mobile": "139 1234 5678",
        "contact_email": "zhao@example.com",
        "categories": [str(category.pk)],
        "shop_name": "沪上服饰旗舰店",
        "expected_monthly_gmv": "200,000.50",
        "logo": png_upload(),
        "business_licence": pdf_upload(),
        "brands-TOTAL_FORMS": "2",
        "brands-INITIAL_FORMS": "0",
        "brands-MIN_NUM_FORMS": "0",
        "brands-MAX_NUM_FORMS": "10",
        "brands-0-name": "沪上",
        "brands-0-authorisation": pdf_upload("auth-1.pdf"),
        "brands-1-name": "申城",
        "brands-1-authorisation": SimpleUploadedFile("auth-2.jpg", image_bytes("JPEG")),
        "action": "submit",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_landing_page_shows_tiers_fees_and_commission_by_category(client, category):
    response = client.get(reverse("onboarding:landing"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>商家入驻" in html and 'rel="canonical"' in html
    for text in (
        "普通",
        "优选",
        "战略合作",
        "保证金",
        "平台服务费",
        "服饰鞋包",
        "营业执照",
        "立即申请入驻",
    ):
        assert text in html


def test_apply_needs_login(client):
    login = reverse("customers:login")
    for url in (APPLY, STATUS, reverse("onboarding:licence_file", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login)


def test_apply_happy_path(client, shopper, category):
    assert client.get(APPLY).status_code == 200
    response = client.post(APPLY, form_data(category))
    assert response.status_code == 302 and response["Location"] == STATUS
    application = Application.objects.get(applicant=shopper)
    assert application.status == Status.SUBMITTED
    assert application.contact_mobile == "13912345678"
    assert application.expected_monthly_gmv == 20_000_050
    assert application.credit_code == credit_code(7)
    assert [b.name for b in application.brands.all()] == ["沪上", "申城"]
    assert all(b.authorisation for b in application.brands.all())
    assert list(application.categories.all()) == [category]
    assert OutboxMessage.objects.filter(template="MERCHANT_APPLICATION_SUBMITTED").count() == 1
    page = client.get(STATUS).content.decode()
    assert "待审核" in page and "沪上服饰旗舰店" in page


def test_save_draft_then_submit_later_keeps_files(client, shopper, category):
    response = client.post(APPLY, form_data(category, action="save"))
    assert response.status_code == 302 and response["Location"] == APPLY
    draft = Application.objects.get(applicant=shopper)
    assert draft.status == Status.DRAFT and draft.business_licence
    page = client.get(APPLY).content.decode()
    assert "已上传" in page and "licence.pdf" in page
    brands = list(draft.brands.all())
    data = form_data(
        category, logo=None, business_licence=None,
        **{"brands-TOTAL_FORMS": "2", "brands-INITIAL_FORMS": "2",
           "brands-0-brand_id": str(brands[0].pk), "brands-0-authorisation": None,
           "brands-1-brand_id": str(brands[1].pk), "brands-1-authorisation": None},
    )  # fmt: skip
    response = client.post(APPLY, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.brands.count() == 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9131000000000007X", "18 位"),
        ("91310000I0000007XA", "I"),
        (credit_code(7)[:-1] + ("0" if credit_code(7)[-1] != "0" else "1"), "校验位"),
    ],
)
def test_a_bad_credit_code_reshows_the_form_with_everything_else(
    client, shopper, category, code, message
):
    response = client.post(APPLY, form_data(category, credit_code=code))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    for kept in (
        "上海沪上服饰有限公司",
        "王五",
        "赵六",
        "zhao@example.com",
        "沪上服饰旗舰店",
        "200,000.50",
    ):
        assert kept in html
    assert f'value="{category.pk}" checked' in html or "checked" in html
    assert "已保存到草稿的文件会一直保留" in html and "其余填写的内容都还在" in html
    assert not Application.objects.exists()


def test_a_bad_credit_code_on_a_draft_keeps_its_files(client, shopper, category):
    client.post(APPLY, form_data(category, action="save"))
    response = client.post(APPLY, form_data(category, credit_code="123", logo=None))
    assert response.status_code == 400
    draft = Application.objects.get()
    assert draft.logo and draft.business_licence and draft.credit_code == credit_code(7)
    assert "已上传" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("business_licence", SimpleUploadedFile("licence.docx", b"PK\x03\x04 word"), "格式不支持"),
        ("logo", pdf_upload("logo.pdf"), "格式不支持"),
        ("logo", SimpleUploadedFile("logo.gif", image_bytes("GIF")), "格式不支持"),
        ("business_licence", SimpleUploadedFile("licence.png", image_bytes()[:60]), "已损坏"),
        (
            "brands-0-authorisation",
            SimpleUploadedFile("auth.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES),
            "超过 5 MB",
        ),
    ],
)
def test_bad_uploads_are_refused_with_a_message_per_file(
    client, shopper, category, field, upload, message
):
    response = client.post(APPLY, form_data(category, **{field: upload}))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and upload.name in html
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_mobile", "12345", "请输入正确的手机号码"),
        ("contact_email", "not-an-email", "请输入正确的邮箱地址"),
        ("expected_monthly_gmv", "很多", "请输入金额"),
        ("expected_monthly_gmv", "-5", "0 到 1 万亿元"),
        ("categories", ["999999"], "请选择列表中的类目"),
    ],
)
def test_bad_answers_get_a_clear_message(client, shopper, category, field, value, message):
    response = client.post(APPLY, form_data(category, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_level_two_category_is_not_offered(client, shopper, category):
    child = CategoryFactory(parent=category, level=2, name="男装")
    response = client.post(APPLY, form_data(category, categories=[str(child.pk)]))
    assert response.status_code == 400


def test_submitting_an_incomplete_draft_saves_it_and_says_what_is_missing(
    client, shopper, category
):
    response = client.post(
        APPLY, form_data(category, business_licence=None, **{"brands-0-authorisation": None})
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请上传营业执照" in html and "每个品牌都需要上传授权文件" in html
    draft = Application.objects.get()
    assert draft.status == Status.DRAFT and draft.logo


def test_a_second_live_application_for_the_company_is_refused(client, shopper, category):
    other = ApplicationFactory(credit_code=credit_code(7))
    services.submit(other, actor=other.applicant)
    response = client.post(APPLY, form_data(category))
    assert response.status_code == 400
    assert "不能重复申请" in response.content.decode()
    assert not Application.objects.filter(applicant=shopper, status=Status.SUBMITTED).exists()


def test_after_rejection_a_new_application_may_be_made(client, shopper, category, admin_user):
    old = ApplicationFactory(applicant=shopper, credit_code=credit_code(7))
    services.submit(old, actor=shopper)
    services.reject(old, actor=admin_user, reason="资料不全")
    assert "资料不全" in client.get(STATUS).content.decode()
    response = client.post(APPLY, form_data(category))
    assert response.status_code == 302
    assert Application.objects.filter(applicant=shopper).count() == 2
    page = client.get(STATUS).content.decode()
    assert "以往的申请" in page


def test_in_review_the_form_sends_the_applicant_to_the_status_page(client, shopper):
    services.submit(ApplicationFactory(applicant=shopper), actor=shopper)
    response = client.get(APPLY)
    assert response.status_code == 302 and response["Location"] == STATUS


def test_another_users_application_and_files_are_404(client, shopper):
    other = ApplicationFactory()
    brand = other.brands.get()
    assert client.get(reverse("onboarding:status_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("onboarding:licence_file", args=[other.pk])).status_code == 404
    assert client.get(reverse("onboarding:authorisation_file", args=[brand.pk])).status_code == 404


def test_own_files_are_served_to_the_applicant(client, shopper):
    mine = ApplicationFactory(applicant=shopper)
    response = client.get(reverse("onboarding:licence_file", args=[mine.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_users_brand_id_in_the_form_is_not_theirs_to_change(client, shopper, category):
    other = ApplicationFactory()
    brand = other.brands.get()
    data = form_data(
        category, action="save",
        **{"brands-0-brand_id": str(brand.pk), "brands-0-name": "抢来的", "brands-0-DELETE": "on"},
    )  # fmt: skip
    client.post(APPLY, data)
    brand.refresh_from_db()
    assert brand.name == "测试品牌"


def test_documents_are_not_under_the_public_media_folder(settings, shopper):
    application = ApplicationFactory(applicant=shopper)
    assert not application.business_licence.path.startswith(str(settings.MEDIA_ROOT))


def test_landing_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    CategoryFactory.create_batch(5)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("onboarding:landing")).status_code == 200


def test_after_rejection_the_form_starts_from_the_rejected_answers(client, shopper, admin_user):
    old = ApplicationFactory(applicant=shopper, company_name="被驳回的公司")
    services.submit(old, actor=shopper)
    services.reject(old, actor=admin_user, reason="资料不全")
    html = client.get(APPLY).content.decode()
    assert "被驳回的公司" in html and "已上传" not in html


def test_pages_are_translated_to_english(client, shopper, category):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Join Hushang Mall" in client.get(reverse("onboarding:landing")).content.decode()
    response = client.post(APPLY, form_data(category, credit_code="123"))
    assert "The unified social credit code has 18 characters" in response.content.decode()


def test_a_file_is_stored_and_served_as_what_it_is_not_what_it_is_called(client, shopper, category):
    disguised = SimpleUploadedFile("licence.html", PDF_BYTES, content_type="text/html")
    logo = SimpleUploadedFile("logo.svg.html", image_bytes(), content_type="text/html")
    client.post(APPLY, form_data(category, action="save", business_licence=disguised, logo=logo))
    draft = Application.objects.get()
    assert draft.business_licence.name.endswith(".pdf") and draft.logo.name.endswith(".png")
    assert draft.business_licence_name == "licence.pdf"
    response = client.get(reverse("onboarding:licence_file", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
