"""商品审核 in the admin: the pending queue, approve, and reject with a reason asked first."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from mall.catalog.models import Product, ProductReview
from mall.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
Status = Product.Status
QUEUE = reverse("admin:catalog_pendingproduct_changelist")


def test_the_queue_lists_pending_products_only(admin_client):
    ProductFactory(name="待审的商品", status=Status.PENDING)
    ProductFactory(name="在售的商品", status=Status.ON_SALE)
    page = admin_client.get(QUEUE).content.decode()
    assert "待审的商品" in page and "在售的商品" not in page


def test_approve_puts_on_sale_and_records_the_reviewer(admin_client, admin_user):
    product = ProductFactory(status=Status.PENDING)
    response = admin_client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: [product.pk]})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == Status.ON_SALE
    review = ProductReview.objects.get()
    assert (review.decision, review.actor) == ("approved", admin_user)


def test_reject_asks_for_a_reason_first(admin_client, admin_user):
    product = ProductFactory(status=Status.PENDING)
    ask = admin_client.post(QUEUE, {"action": "reject", ACTION_CHECKBOX_NAME: [product.pk]})
    assert ask.status_code == 200 and "驳回原因" in ask.content.decode()
    empty = {"action": "reject", ACTION_CHECKBOX_NAME: [product.pk], "apply": "1", "reason": ""}
    assert admin_client.post(QUEUE, empty).status_code == 200
    assert Product.objects.get().status == Status.PENDING
    done = admin_client.post(QUEUE, empty | {"reason": "类目选错了，应为男装"})
    assert done.status_code == 302
    product.refresh_from_db()
    assert product.status == Status.REJECTED
    review = ProductReview.objects.get()
    assert (review.decision, review.reason, review.actor) == (
        "rejected",
        "类目选错了，应为男装",
        admin_user,
    )


def test_the_review_history_is_read_only(admin_client):
    product = ProductFactory(status=Status.PENDING)
    admin_client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: [product.pk]})
    assert admin_client.get(reverse("admin:catalog_productreview_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:catalog_productreview_add")).status_code == 403


def test_the_product_admin_still_owns_the_import_urls(admin_client):
    assert reverse("admin:catalog_product_import").startswith("/admin/catalog/product/")
    assert (
        admin_client.get(QUEUE + f"{ProductFactory(status=Status.PENDING).pk}/change/").status_code
        == 200
    )
