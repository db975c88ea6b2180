import pytest
from django.urls import reverse

from mall.cart import services

pytestmark = pytest.mark.django_db


def test_operators_can_look_at_a_cart_but_not_change_it(admin_client, shopper, sku):
    cart = services.user_cart(shopper)
    services.add(cart, sku.pk, 2)
    listing = admin_client.get(reverse("admin:cart_cart_changelist"))
    assert listing.status_code == 200
    page = admin_client.get(reverse("admin:cart_cart_change", args=[cart.pk]))
    assert page.status_code == 200
    assert str(sku) in page.content.decode()
    assert (
        admin_client.post(reverse("admin:cart_cart_change", args=[cart.pk]), {}).status_code == 403
    )
