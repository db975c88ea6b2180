import pytest

from mall.catalog import services
from mall.catalog.models import Product
from mall.catalog.tests.factories import CategoryFactory


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_a_repeated_read_is_served_from_the_cache(get, catalog, django_assert_num_queries):
    first = get("/products", category=catalog["tees"].slug)

    with django_assert_num_queries(0):
        again = get("/products", category=catalog["tees"].slug)

    assert again.data == first.data


def test_tracking_parameters_and_their_order_share_one_entry(
    get, catalog, django_assert_num_queries
):
    first = get("/products", sort="sales", brand=catalog["brand"].pk)

    with django_assert_num_queries(0):
        again = get("/products", utm_source="wechat", brand=catalog["brand"].pk, sort="sales")

    assert again.data == first.data


def test_a_product_change_is_seen_at_once(get, catalog, django_capture_on_commit_callbacks):
    path = f"/products/{catalog['shirt'].pk}"
    assert get(path).data["name"] == "李宁速干T恤"
    assert "李宁速干T恤" in [i["name"] for i in get("/products").data["items"]]

    with django_capture_on_commit_callbacks(execute=True):
        shirt = Product.objects.get(pk=catalog["shirt"].pk)
        shirt.name = "李宁速干T恤（新款）"
        services.save_product(shirt)

    assert get(path).data["name"] == "李宁速干T恤（新款）"
    assert "李宁速干T恤（新款）" in [i["name"] for i in get("/products").data["items"]]


def test_a_product_taken_off_sale_is_gone_at_once(get, catalog, django_capture_on_commit_callbacks):
    path = f"/products/{catalog['phone'].pk}"
    assert get(path).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(catalog["phone"], Product.Status.OFF_SHELF)

    assert get(path).status_code == 404


def test_errors_are_not_cached(get, catalog):
    assert get("/products", category="not-yet").status_code == 404
    CategoryFactory(slug="not-yet")  # straight to the table: no cache generation bump

    assert get("/products", category="not-yet").status_code == 200
