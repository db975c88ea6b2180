"""招商 in a real browser: a shopper applies with uploads → the operator asks for more in the
admin → the applicant edits and resubmits → the operator approves with a tier → the new owner
opens the back office. Screenshots (onboarding-*.png, desktop) go to docs/screenshots/."""

from pathlib import Path

import pytest

from mall.catalog.tests.factories import CategoryFactory
from mall.customers.tests.factories import ShopperFactory
from mall.onboarding.models import Application
from mall.onboarding.tests.factories import PDF_BYTES, credit_code, image_bytes
from tests.browser.test_orders import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(page, name: str) -> None:
    if page.viewport_name == "desktop":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"onboarding-{name}.png", full_page=True)


def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "logo": ("logo.png", image_bytes(size=(120, 120))),
        "licence": ("营业执照.pdf", PDF_BYTES),
        "licence2": ("营业执照-清晰版.jpg", image_bytes("JPEG", size=(200, 140))),
        "brand": ("授权书.pdf", PDF_BYTES),
    }
    for name, data in made.values():
        (tmp_path / name).write_bytes(data)
    return {key: tmp_path / name for key, (name, _data) in made.items()}


def decide(page, live_server, application: Application, decision: str) -> None:
    page.goto(f"{live_server.url}/admin/onboarding/application/{application.pk}/change/")
    page.click(f"a[href$='/decide/{decision}/']")


def test_apply_ask_for_more_resubmit_approve_open_back_office(page, live_server, client, tmp_path):
    CategoryFactory(name="茶饮冲调", slug="tea")
    CategoryFactory(name="家居日用", slug="home")
    applicant = ShopperFactory(mobile="13611112222")
    operator = ShopperFactory(mobile="13800000000", is_staff=True, is_superuser=True)
    upload = files(tmp_path)

    sign_in(page, client, live_server, applicant)
    page.goto(live_server.url + "/join/")
    assert "战略合作" in page.inner_text(".join-tiers")
    shoot(page, "landing")
    page.click(".join-hero >> text=立即申请入驻")
    page.fill("#id_company_name", "上海豫园茶业有限公司")
    page.fill("#id_credit_code", "91310000I00000001A")  # I is never used: a clear message
    page.fill("#id_legal_representative", "王建国")
    page.fill("#id_contact_name", "刘洋")
    page.fill("#id_contact_email", "bd@yuyuan-tea.example")
    page.check("label:has-text('茶饮冲调') input")
    page.fill("#id_expected_monthly_gmv", "300000")
    page.fill("#id_shop_name", "豫园茶庄")
    page.set_input_files("#id_logo", upload["logo"])
    page.set_input_files("#id_business_licence", upload["licence"])
    page.fill("#id_brands-0-name", "豫园")
    page.set_input_files("#id_brands-0-authorisation", upload["brand"])
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=不能包含")
    assert page.input_value("#id_company_name") == "上海豫园茶业有限公司"  # nothing else lost
    assert page.input_value("#id_contact_mobile") == "13611112222"
    shoot(page, "form-error")
    page.fill("#id_credit_code", credit_code(20261126))
    page.set_input_files("#id_logo", upload["logo"])
    page.set_input_files("#id_business_licence", upload["licence"])
    page.set_input_files("#id_brands-0-authorisation", upload["brand"])
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=草稿已保存")
    assert "营业执照.pdf" in page.inner_text(".join-form")  # kept on the draft
    shoot(page, "form")
    page.click("button:has-text('提交申请')")
    page.wait_for_selector(".join-status__value:has-text('待审核')")
    application = Application.objects.get(applicant=applicant)

    sign_in(page, client, live_server, operator)
    page.goto(live_server.url + "/admin/onboarding/application/")
    page.click("text=上海豫园茶业有限公司")
    page.click("a:has-text('要求补充资料')")
    page.fill("textarea[name=message]", "营业执照照片不清晰，请上传清晰的扫描件。")
    page.click("input[type=submit]")
    page.wait_for_selector("text=已通知申请人补充资料")

    sign_in(page, client, live_server, applicant)
    page.goto(live_server.url + "/join/status/")
    assert "营业执照照片不清晰" in page.inner_text(".join-timeline")
    page.click("a:has-text('修改并重新提交')")
    page.set_input_files("#id_business_licence", upload["licence2"])
    page.click("button:has-text('重新提交审核')")
    page.wait_for_selector(".join-status__value:has-text('已补充资料')")
    shoot(page, "status")

    sign_in(page, client, live_server, operator)
    decide(page, live_server, application, "approve")
    page.select_option("select[name=tier]", "preferred")
    page.click("input[type=submit]")
    page.wait_for_selector("text=已通过，店铺已开通")

    sign_in(page, client, live_server, applicant)
    page.goto(live_server.url + "/join/status/")
    page.wait_for_selector(".join-status__value:has-text('已通过')")
    page.goto(live_server.url + "/seller/")
    assert "豫园茶庄" in page.content()
