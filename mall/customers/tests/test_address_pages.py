import pytest
from django.test import Client

from mall.customers import services
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.customers.tests.test_addresses import HUANGPU, home

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client):
    user = ShopperFactory()
    client.force_login(user)
    return user


def posted(**overrides) -> dict:
    data = {
        "consignee": "张三",
        "mobile": "138 0013 8000",
        "province": "310000",
        "city": "310100",
        "district": HUANGPU,
        "detail": "南京东路 100 号",
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_guests_are_sent_to_login(client):
    response = client.get("/account/addresses/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_add_an_address_then_see_it_listed(client, shopper):
    form = client.get("/account/addresses/new/").content.decode()
    assert "data-region-picker" in form
    assert '<option value="310000">上海市</option>' in form
    assert "csrfmiddlewaretoken" in form
    response = client.post("/account/addresses/new/", posted())
    assert response.status_code == 302
    assert response["Location"] == "/account/addresses/"
    page = client.get("/account/addresses/").content.decode()
    assert "上海市 上海市 黄浦区 南京东路 100 号" in page
    assert "138****8000" in page


def test_city_without_districts_is_saved_from_the_city_select(client, shopper):
    data = posted(province="440000", city="441900", district="")
    assert client.post("/account/addresses/new/", data).status_code == 302
    assert Address.objects.get(user=shopper).region_code == "441900"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"district": ""}, "请选择完整的省、市、区县"),
        ({"mobile": "110"}, "请输入正确的手机号码"),
        ({"consignee": ""}, "请填写收货人姓名"),
        ({"detail": "路"}, "请填写详细地址"),
    ],
)
def test_bad_input_is_explained_with_400(client, shopper, overrides, message):
    response = client.post("/account/addresses/new/", posted(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Address.objects.exists()


def test_edit_shows_the_picker_at_the_saved_region_and_saves(client, shopper):
    address = services.create_address(shopper, home(region_code="320583"))
    page = client.get(f"/account/addresses/{address.pk}/").content.decode()
    assert '<option value="320500" selected>苏州市</option>' in page
    assert '<option value="320583" selected>昆山市</option>' in page
    data = posted(detail="淮海中路 1 号", is_default="on")
    assert client.post(f"/account/addresses/{address.pk}/", data).status_code == 302
    address.refresh_from_db()
    assert (address.region_code, address.detail) == (HUANGPU, "淮海中路 1 号")


def test_picker_refresh_without_script_shows_next_level_and_saves_nothing(client, shopper):
    response = client.post(
        "/account/addresses/new/", posted(city="", district="", province="320000", refresh="1")
    )
    assert response.status_code == 200
    assert '<option value="320500">苏州市</option>' in response.content.decode()
    assert not Address.objects.exists()


def test_set_default_and_delete_return_to_a_safe_next(client, shopper):
    first = services.create_address(shopper, home())
    second = services.create_address(shopper, home(detail="淮海中路 1 号"))
    response = client.post(
        f"/account/addresses/{second.pk}/default/", {"next": "/checkout/?step=address"}
    )
    assert response["Location"] == "/checkout/?step=address"
    assert Address.objects.get(is_default=True) == second
    response = client.post(
        f"/account/addresses/{first.pk}/delete/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/account/addresses/"
    assert list(Address.objects.all()) == [second]


def test_the_twenty_first_address_is_refused_on_the_page(client, shopper):
    for n in range(services.MAX_ADDRESSES):
        services.create_address(shopper, home(detail=f"南京东路 {n} 号"))
    assert "新增收货地址" not in client.get("/account/addresses/").content.decode()
    response = client.post("/account/addresses/new/", posted())
    assert response.status_code == 400
    assert "最多只能保存 20 个收货地址" in response.content.decode()


def test_another_users_address_is_404_on_every_page(client, shopper):
    other = services.create_address(ShopperFactory(), home())
    assert client.get(f"/account/addresses/{other.pk}/").status_code == 404
    assert client.post(f"/account/addresses/{other.pk}/", posted()).status_code == 404
    assert client.post(f"/account/addresses/{other.pk}/default/").status_code == 404
    assert client.post(f"/account/addresses/{other.pk}/delete/").status_code == 404
    assert Address.objects.get(pk=other.pk).detail == "南京东路 100 号 3 楼"


def test_forms_need_a_csrf_token(shopper):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(shopper)
    assert strict.post("/account/addresses/new/", posted()).status_code == 403
    assert not Address.objects.exists()


def test_profile_links_to_the_address_book(client, shopper):
    assert 'href="/account/addresses/"' in client.get("/account/").content.decode()
