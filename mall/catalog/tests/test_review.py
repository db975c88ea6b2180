"""The review flow (商品审核) and the seller's shelf moves, through catalog services."""

import pytest
from django.core.exceptions import ValidationError

from mall.catalog import services
from mall.catalog.models import Product, ProductReview
from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.tests.factories import ShopFactory
from mall.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
Status = Product.Status


def test_submit_approve_records_history():
    product = ProductFactory(status=Status.DRAFT)
    seller, operator = ShopperFactory(), ShopperFactory()
    services.submit_for_review(product, actor=seller)
    product = services.approve_product(product, reviewer=operator)
    assert product.status == Status.ON_SALE and product.published_at
    history = list(product.reviews.order_by("id").values_list("decision", "actor"))
    assert history == [("submitted", seller.pk), ("approved", operator.pk)]


def test_reject_needs_a_reason_and_the_seller_can_resubmit():
    product = ProductFactory(status=Status.PENDING)
    with pytest.raises(ValidationError):
        services.reject_product(product, reviewer=None, reason="  ")
    assert Product.objects.get(pk=product.pk).status == Status.PENDING
    services.reject_product(product, reviewer=None, reason="主图有水印")
    assert Product.objects.get(pk=product.pk).status == Status.REJECTED
    assert ProductReview.objects.get(decision="rejected").reason == "主图有水印"
    assert services.submit_for_review(product).status == Status.PENDING


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ON_SALE, Status.OFF_SHELF])
def test_only_pending_products_are_reviewed(status):
    product = ProductFactory(status=status)
    with pytest.raises(ValidationError):
        services.approve_product(product, reviewer=None)
    with pytest.raises(ValidationError):
        services.reject_product(product, reviewer=None, reason="不行")
    assert Product.objects.get(pk=product.pk).status == status


def test_seller_shelf_moves():
    product = ProductFactory(status=Status.ON_SALE)
    assert services.take_off_shelf(product).status == Status.OFF_SHELF
    assert services.put_on_shelf(product).status == Status.ON_SALE
    draft = ProductFactory(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.put_on_shelf(draft)  # never reviewed: no way around the operator
    with pytest.raises(ValidationError):
        services.take_off_shelf(draft)


def test_take_off_shelf_all_only_touches_the_shop(django_capture_on_commit_callbacks):
    shop, other = ShopFactory(), ShopFactory()
    on_sale = ProductFactory.create_batch(2, shop=shop)
    pending = ProductFactory(shop=shop, status=Status.PENDING)
    elsewhere = ProductFactory(shop=other)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.take_off_shelf_all(shop) == 2
    assert {p.status for p in Product.objects.filter(pk__in=[p.pk for p in on_sale])} == {
        Status.OFF_SHELF
    }
    assert Product.objects.get(pk=pending.pk).status == Status.PENDING
    assert Product.objects.get(pk=elsewhere.pk).status == Status.ON_SALE
    assert services.take_off_shelf_all(shop) == 0


def test_a_rejection_is_texted_to_whoever_submitted_the_product():
    seller = ShopperFactory(mobile="13912345678")
    product = ProductFactory(status=Status.DRAFT, name="纯棉T恤")
    services.submit_for_review(product, actor=seller)
    services.reject_product(product, reviewer=None, reason="主图有水印")
    message = OutboxMessage.objects.get(template="PRODUCT_REJECTED")
    assert message.recipient == "13912345678"
    assert message.params == {"product": "纯棉T恤", "reason": "主图有水印"}
