import pytest
from django.conf import settings

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import ShopMember
from mall.merchants.tests.factories import ShopMemberFactory
from mall.shipping.models import FreightTemplate
from mall.shipping.tests.factories import make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(client):
    member = ShopMemberFactory()
    client.force_login(member.user)
    return member


def form_data(**overrides) -> dict:
    data = {
        "name": "普通快递",
        "basis": "piece",
        "first_units": "1",
        "first_fee": "8",
        "extra_units": "1",
        "extra_fee": "2.5",
        "free_over_amount": "99",
        "free_over_count": "",
        "excluded_regions": "新疆维吾尔自治区, 540000",
        "rules-TOTAL_FORMS": "2",
        "rules-INITIAL_FORMS": "0",
        "rules-0-regions": "上海市 江苏省、浙江省",
        "rules-0-first_units": "1",
        "rules-0-first_fee": "5",
        "rules-0-extra_units": "1",
        "rules-0-extra_fee": "1",
    }
    return {**data, **overrides}


def test_seller_creates_a_template_with_yuan_turned_into_fen(client, seller):
    response = client.post("/seller/freight/new/", form_data())
    assert response.status_code == 302
    template = FreightTemplate.objects.get(shop=seller.shop)
    assert template.is_default
    assert template.free_over_amount == 9900
    assert template.excluded_region_codes == ["650000", "540000"]
    rules = {tuple(r.region_codes): (r.first_fee, r.extra_fee) for r in template.rules.all()}
    assert rules == {(): (800, 250), ("310000", "320000", "330000"): (500, 100)}
    page = client.get("/seller/freight/").content.decode()
    assert "普通快递" in page
    assert "¥8.00" in page
    assert "上海市、江苏省、浙江省" in page


def test_edit_page_shows_the_template_and_saves_changes(client, seller):
    template = make_template(seller.shop, "普通快递")
    page = client.get(f"/seller/freight/{template.pk}/")
    assert page.status_code == 200
    assert 'value="普通快递"' in page.content.decode()
    response = client.post(f"/seller/freight/{template.pk}/", form_data(name="包邮模板"))
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "包邮模板"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_fee": "-1"}, "确保该值大于或等于0"),
        ({"rules-0-regions": "火星"}, "地区“火星”不存在"),
        ({"excluded_regions": "上海市"}, "地区“上海市”重复设置"),
    ],
)
def test_bad_input_answers_400_in_chinese_and_saves_nothing(client, seller, overrides, message):
    response = client.post("/seller/freight/new/", form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FreightTemplate.objects.exists()


def test_another_shops_template_is_404_everywhere(client, seller):
    other = make_template(ShopMemberFactory().shop)
    assert client.get(f"/seller/freight/{other.pk}/").status_code == 404
    assert client.post(f"/seller/freight/{other.pk}/", form_data()).status_code == 404
    assert client.post(f"/seller/freight/{other.pk}/delete/").status_code == 404
    assert client.post(f"/seller/freight/{other.pk}/default/").status_code == 404
    assert FreightTemplate.objects.filter(pk=other.pk, name=other.name).exists()


def test_delete_and_set_default(client, seller):
    first = make_template(seller.shop, "普通快递")
    second = make_template(seller.shop, "顺丰")
    assert client.post(f"/seller/freight/{second.pk}/default/").status_code == 302
    assert FreightTemplate.objects.get(is_default=True) == second
    assert client.post(f"/seller/freight/{second.pk}/delete/").status_code == 302
    assert list(FreightTemplate.objects.all()) == [first]
    assert FreightTemplate.objects.get().is_default


def test_shoppers_and_service_staff_get_404_and_guests_log_in(client):
    assert client.get("/seller/freight/").status_code == 302
    client.force_login(ShopperFactory())
    assert client.get("/seller/freight/").status_code == 404
    client.force_login(ShopMemberFactory(role=ShopMember.Role.SERVICE).user)
    assert client.get("/seller/freight/new/").status_code == 404


def test_seller_pages_are_translated_to_english(client, seller):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/seller/freight/").content.decode()
    assert "Freight templates" in page
    assert "No freight templates yet" in page
