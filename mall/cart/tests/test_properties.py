"""Any sequence of cart operations leaves the cart equal to a plain model of it, every quantity
between 1 and min(stock, 99), one line per SKU."""

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from mall.cart import services
from mall.cart.errors import CartError
from mall.cart.models import MAX_LINE_QUANTITY
from mall.cart.tests.conftest import make_sku
from mall.customers.tests.factories import ShopperFactory

STOCKS = (3, 50, 150)
operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "set", "remove"]),
        st.integers(0, len(STOCKS) - 1),
        st.integers(-2, 160),
    ),
    max_size=25,
)


class CartModelTest(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(ops=operations)
    def test_cart_follows_a_plain_model(self, ops):
        skus = [make_sku(stock=stock) for stock in STOCKS]
        limits = [min(stock, MAX_LINE_QUANTITY) for stock in STOCKS]
        cart = services.user_cart(ShopperFactory())
        model: dict[int, int] = {}
        for op, index, quantity in ops:
            sku = skus[index]
            held = model.get(sku.pk)
            if op == "add":
                ok = quantity >= 1 and (held or 0) + quantity <= limits[index]
                self.assert_outcome(ok, services.add, cart, sku.pk, quantity)
                if ok:
                    model[sku.pk] = (held or 0) + quantity
            elif held is not None and op == "set":
                ok = 1 <= quantity <= limits[index]
                line_id = cart.lines.get(sku=sku).pk
                self.assert_outcome(ok, services.set_quantity, cart, line_id, quantity)
                if ok:
                    model[sku.pk] = quantity
            elif held is not None and op == "remove":
                services.remove(cart, cart.lines.get(sku=sku).pk)
                del model[sku.pk]
        assert dict(cart.lines.values_list("sku_id", "quantity")) == model

    def assert_outcome(self, ok: bool, action, *args) -> None:
        try:
            action(*args)
        except CartError:
            assert not ok
        else:
            assert ok
