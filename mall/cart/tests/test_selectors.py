import pytest

from mall.cart import selectors, services
from mall.cart.errors import ItemsUnavailable
from mall.cart.rules import Problem
from mall.cart.selectors import CartItem
from mall.cart.tests.conftest import make_sku
from mall.catalog.models import Product, Sku
from mall.merchants.models import Shop
from mall.merchants.tests.factories import ShopFactory
from mall.promotions import selectors as promotion_selectors

pytestmark = pytest.mark.django_db


def problems_by_sku(contents) -> dict:
    return {view.line.sku_id: view.problems for view in contents.lines}


def test_lines_are_grouped_by_shop_and_priced_when_selected(shopper):
    shop_a, shop_b = ShopFactory(), ShopFactory()
    a1, a2 = make_sku(1000, shop=shop_a), make_sku(250, shop=shop_a)
    b1 = make_sku(3000, shop=shop_b)
    cart = services.user_cart(shopper)
    services.add(cart, a1.pk, 2)
    services.add(cart, b1.pk, 1)
    line = services.add(cart, a2.pk, 4).line
    services.select_line(cart, line.pk, False)

    contents = selectors.cart_contents(cart)

    assert [(g.shop, [v.sku for v in g.lines]) for g in contents.shops] == [
        (shop_a, [a2, a1]),
        (shop_b, [b1]),
    ]
    assert not contents.shops[0].all_selected
    assert contents.shops[1].all_selected
    assert contents.breakdown.goods == 2 * 1000 + 3000
    assert contents.breakdown.freight == 0
    assert selectors.item_count(cart) == 7


def test_every_kind_of_trouble_is_flagged_and_nothing_is_dropped(shopper):
    ok, pricier, off_shelf, closed, sold_out, short, gone = (make_sku(stock=10) for _ in range(7))
    cart = services.user_cart(shopper)
    for sku in (ok, pricier, off_shelf, closed, sold_out, short, gone):
        services.add(cart, sku.pk, 3)
    Sku.objects.filter(pk=pricier.pk).update(price=pricier.price + 100)
    Product.objects.filter(pk=off_shelf.product_id).update(status=Product.Status.OFF_SHELF)
    Shop.objects.filter(pk=closed.shop_id).update(status=Shop.Status.CLOSED)
    Sku.objects.filter(pk=sold_out.pk).update(stock=0)
    Sku.objects.filter(pk=short.pk).update(stock=2)
    gone.delete()

    contents = selectors.cart_contents(cart)

    assert problems_by_sku(contents) == {
        ok.pk: (),
        pricier.pk: (Problem.PRICE_CHANGED,),
        off_shelf.pk: (Problem.OFF_SHELF,),
        closed.pk: (Problem.SHOP_CLOSED,),
        sold_out.pk: (Problem.OUT_OF_STOCK,),
        short.pk: (Problem.OVER_STOCK,),
        None: (Problem.SKU_GONE,),
    }
    assert [view.line.title for view in contents.gone] == [str(gone)]
    priced = {line.sku_id for shop in contents.breakdown.shops for line in shop.lines}
    assert priced == {ok.pk, pricier.pk}
    assert contents.breakdown.goods == 3 * ok.price + 3 * (pricier.price + 100)


def test_inactive_sku_counts_as_gone(shopper, sku):
    cart = services.user_cart(shopper)
    services.add(cart, sku.pk, 1)
    Sku.objects.filter(pk=sku.pk).update(is_active=False)
    assert problems_by_sku(selectors.cart_contents(cart)) == {sku.pk: (Problem.SKU_GONE,)}


def fill_cart(shopper, count: int):
    cart = services.user_cart(shopper)
    for _ in range(count):
        services.add(cart, make_sku(shop=ShopFactory()).pk, 1)
    return cart


@pytest.mark.parametrize("count", [1, 30])
def test_reading_a_cart_takes_the_same_queries_for_1_or_30_lines(
    shopper, count, django_assert_num_queries
):
    cart = fill_cart(shopper, count)
    promotion_selectors.active_rules()  # warm: later reads ask only the cache
    with django_assert_num_queries(3):  # the lines, the owner's profile and coupons
        contents = selectors.cart_contents(cart)
        assert len(contents.lines) == count
    items = selectors.selected_items(shopper)
    with django_assert_num_queries(1):
        assert len(selectors.pricing_lines(items, selectors.buyable_skus(items))) == count
    with django_assert_num_queries(1):
        assert len(selectors.selected_items(shopper)) == count


def test_selected_items_and_their_pricing_lines(shopper):
    first, second, unticked = make_sku(1200), make_sku(800), make_sku()
    cart = services.user_cart(shopper)
    services.add(cart, first.pk, 2)
    services.add(cart, second.pk, 1)
    services.select_line(cart, services.add(cart, unticked.pk, 1).line.pk, False)

    items = selectors.selected_items(shopper)

    assert items == [CartItem(first.pk, 2), CartItem(second.pk, 1)]
    lines = selectors.pricing_lines(items, selectors.buyable_skus(items))
    assert [(pl.sku_id, pl.shop_id, pl.quantity, pl.unit_price) for pl in lines] == [
        (first.pk, first.shop_id, 2, 1200),
        (second.pk, second.shop_id, 1, 800),
    ]
    assert lines[0].category_id == first.product.category_id
    assert lines[0].brand_id == first.product.brand_id


def test_pricing_lines_use_the_current_price(shopper, sku):
    Sku.objects.filter(pk=sku.pk).update(price=4321)
    items = [CartItem(sku.pk, 1)]
    assert selectors.pricing_lines(items, selectors.buyable_skus(items))[0].unit_price == 4321


def test_buyable_skus_name_every_item_that_cannot_be_bought(sku):
    off_shelf = make_sku()
    Product.objects.filter(pk=off_shelf.product_id).update(status=Product.Status.OFF_SHELF)
    with pytest.raises(ItemsUnavailable) as caught:
        selectors.buyable_skus([CartItem(sku.pk, 1), CartItem(off_shelf.pk, 1), CartItem(0, 1)])
    assert caught.value.sku_ids == (off_shelf.pk, 0)
    assert str(off_shelf) in caught.value.message
