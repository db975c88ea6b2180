"""A two-shop mall for checkout tests: shop A charges freight and does not deliver to Tibet,
shop B ships free."""

from dataclasses import dataclass

from mall.cart import services as cart_services
from mall.catalog.models import Sku
from mall.catalog.tests.factories import ProductFactory
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.payments import services as payments
from mall.payments.gateways.base import PaymentEvent, TradeState
from mall.payments.models import Payment
from mall.shipping.tests.factories import make_template

SHANGHAI = "310101"
LHASA = "540102"


@dataclass
class Mall:
    buyer: object
    address: Address
    far_address: Address
    sku_a: Sku
    sku_b: Sku


def build_mall() -> Mall:
    sku_a = ProductFactory(skus=[([], 2500, 10)]).skus.get()
    sku_b = ProductFactory(skus=[([], 9900, 5)]).skus.get()
    make_template(sku_a.shop, excluded_region_codes=("540000",), make_default=True)
    buyer = ShopperFactory()
    address = Address.objects.create(
        user=buyer, consignee="张三", mobile="13912345678", region_code=SHANGHAI,
        detail="南京东路 1 号", is_default=True,
    )  # fmt: skip
    far = Address.objects.create(
        user=buyer,
        consignee="张三",
        mobile="13912345678",
        region_code=LHASA,
        detail="北京中路 2 号",
    )
    return Mall(buyer, address, far, sku_a, sku_b)


def fill_cart(user, *items: tuple[Sku, int]) -> None:
    cart = cart_services.user_cart(user)
    for sku, qty in items:
        cart_services.add(cart, sku.pk, qty)


def pay(payment_id: int) -> None:
    """The gateway's verified word that the payment went through."""
    payment = Payment.objects.get(pk=payment_id)
    payments.apply_payment_event(
        payment.gateway, PaymentEvent(payment.no, payment.amount, TradeState.PAID, "T1")
    )
