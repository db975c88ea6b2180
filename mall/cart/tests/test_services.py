import pytest
import time_machine
from django.http import Http404

from mall.cart import selectors, services
from mall.cart.errors import CartError, SkuNotFound
from mall.cart.models import MAX_LINE_QUANTITY, Cart, CartLine
from mall.cart.tests.conftest import make_sku
from mall.catalog.models import Product
from mall.customers.tests.factories import ShopperFactory

pytestmark = pytest.mark.django_db


def quantities(cart: Cart) -> dict[int, int]:
    return dict(cart.lines.values_list("sku_id", "quantity"))


def test_adding_the_same_sku_again_adds_to_its_line(shopper, sku):
    cart = services.user_cart(shopper)
    services.add(cart, sku.pk, 2)
    line = services.add(cart, sku.pk, 3).line
    assert quantities(cart) == {sku.pk: 5}
    assert line.price_when_added == sku.price
    assert line.selected
    assert line.title == str(sku)


@pytest.mark.parametrize("quantity", [0, -1, MAX_LINE_QUANTITY + 1, 10**12, 1.5, "2", True])
def test_quantities_outside_one_to_the_limit_are_refused(shopper, sku, quantity):
    cart = services.user_cart(shopper)
    with pytest.raises(CartError):
        services.add(cart, sku.pk, quantity)
    assert not cart.lines.exists()


def test_cannot_hold_more_than_the_stock(shopper):
    sku = make_sku(stock=3)
    cart = services.user_cart(shopper)
    services.add(cart, sku.pk, 2)
    with pytest.raises(CartError, match=r"已有 2 件.*最多可购买 3 件"):
        services.add(cart, sku.pk, 2)
    assert quantities(cart) == {sku.pk: 2}


def test_unknown_or_unsellable_skus_cannot_be_added(shopper):
    cart = services.user_cart(shopper)
    with pytest.raises(SkuNotFound):
        services.add(cart, 999_999, 1)
    off_shelf = make_sku(status=Product.Status.OFF_SHELF)
    with pytest.raises(CartError, match="下架"):
        services.add(cart, off_shelf.pk, 1)
    sold_out = make_sku(stock=0)
    with pytest.raises(CartError, match="售罄"):
        services.add(cart, sold_out.pk, 1)
    assert not cart.lines.exists()


def test_set_quantity_within_stock(shopper):
    sku = make_sku(stock=5)
    cart = services.user_cart(shopper)
    line = services.add(cart, sku.pk, 1).line
    services.set_quantity(cart, line.pk, 5)
    assert quantities(cart) == {sku.pk: 5}
    with pytest.raises(CartError):
        services.set_quantity(cart, line.pk, 6)
    with pytest.raises(CartError):
        services.set_quantity(cart, line.pk, 0)
    assert quantities(cart) == {sku.pk: 5}


def test_quantity_of_an_off_shelf_line_cannot_change(shopper, sku):
    cart = services.user_cart(shopper)
    line = services.add(cart, sku.pk, 1).line
    Product.objects.filter(pk=sku.product_id).update(status=Product.Status.OFF_SHELF)
    with pytest.raises(CartError, match="失效"):
        services.set_quantity(cart, line.pk, 2)


def test_another_carts_lines_are_not_found():
    alice, bob = ShopperFactory(), ShopperFactory()
    sku = make_sku()
    line = services.add(services.user_cart(alice), sku.pk, 1).line
    bobs = services.user_cart(bob)
    for action in (
        lambda: services.set_quantity(bobs, line.pk, 2),
        lambda: services.remove(bobs, line.pk),
        lambda: services.select_line(bobs, line.pk, False),
    ):
        with pytest.raises(Http404):
            action()
    line.refresh_from_db()
    assert (line.quantity, line.selected) == (1, True)


def test_select_one_a_shop_or_everything(shopper):
    first, second = make_sku(), make_sku()
    same_shop = make_sku(shop=first.shop)
    cart = services.user_cart(shopper)
    lines = {s.pk: services.add(cart, s.pk, 1).line for s in (first, second, same_shop)}

    def selected() -> set[int]:
        return set(cart.lines.filter(selected=True).values_list("sku_id", flat=True))

    services.select_many(cart, False)
    assert selected() == set()
    services.select_many(cart, True, shop_id=first.shop_id)
    assert selected() == {first.pk, same_shop.pk}
    services.select_line(cart, lines[second.pk].pk, True)
    services.select_line(cart, lines[first.pk].pk, False)
    assert selected() == {same_shop.pk, second.pk}


def test_lines_that_cannot_be_bought_are_never_ticked(shopper):
    sku, other = make_sku(), make_sku()
    cart = services.user_cart(shopper)
    line = services.add(cart, sku.pk, 1).line
    services.add(cart, other.pk, 1)
    services.select_many(cart, False)
    sku.product.shop.status = "closed"
    sku.product.shop.save()
    services.select_many(cart, True)
    assert set(cart.lines.filter(selected=True).values_list("sku_id", flat=True)) == {other.pk}
    with pytest.raises(CartError):
        services.select_line(cart, line.pk, True)


def test_remove_and_remove_skus(shopper):
    a, b, c = make_sku(), make_sku(), make_sku()
    cart = services.user_cart(shopper)
    line_a = services.add(cart, a.pk, 1).line
    services.add(cart, b.pk, 1)
    services.add(cart, c.pk, 1)
    services.remove(cart, line_a.pk)
    other = ShopperFactory()
    services.add(services.user_cart(other), b.pk, 1)
    assert services.remove_skus(shopper, [b.pk]) == 1
    assert quantities(cart) == {c.pk: 1}
    assert quantities(services.user_cart(other)) == {b.pk: 1}


def test_merge_adds_quantities_capped_and_drops_nothing(shopper):
    both, guest_only, account_only = make_sku(stock=10), make_sku(), make_sku()
    gone = make_sku()
    account = services.user_cart(shopper)
    services.add(account, both.pk, 6)
    services.add(account, account_only.pk, 1)
    guest = services.create_guest_cart()
    services.add(guest, both.pk, 7)
    services.add(guest, guest_only.pk, 2)
    services.add(guest, gone.pk, 1)
    gone.delete()

    merged = services.merge_guest_cart(guest, shopper)

    assert merged == account
    assert quantities(account) == {both.pk: 10, guest_only.pk: 2, account_only.pk: 1, None: 1}
    assert not Cart.objects.filter(pk=guest.pk).exists()


def test_merge_into_a_shopper_without_a_cart_keeps_the_lines(sku):
    shopper = ShopperFactory()
    guest = services.create_guest_cart()
    services.add(guest, sku.pk, 3)
    account = services.merge_guest_cart(guest, shopper)
    assert quantities(account) == {sku.pk: 3}
    assert selectors.user_cart(shopper) == account


def test_database_refuses_quantity_outside_the_limit(shopper, sku):
    from django.db import IntegrityError, transaction

    line = services.add(services.user_cart(shopper), sku.pk, 1).line
    with pytest.raises(IntegrityError), transaction.atomic():
        CartLine.objects.filter(pk=line.pk).update(quantity=0)


def test_idle_guest_carts_are_purged_and_account_carts_kept(shopper, sku):
    with time_machine.travel("2026-01-01 12:00 +0800"):
        idle = services.create_guest_cart()
        services.add(idle, sku.pk, 1)
        services.add(services.user_cart(shopper), sku.pk, 1)
    with time_machine.travel("2026-01-30 12:00 +0800"):
        recent = services.create_guest_cart()
    with time_machine.travel("2026-02-01 12:00 +0800"):
        services.purge_guest_carts()
    assert set(Cart.objects.values_list("pk", flat=True)) == {
        recent.pk,
        services.user_cart(shopper).pk,
    }
