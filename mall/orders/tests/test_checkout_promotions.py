"""Checkout with promotions, from the buyer's side: what the order costs, what it uses up
(coupons, campaign budgets, gift stock), what comes back on cancellation, and who pays for the
discounts at settlement."""

import pytest

from mall.catalog.models import Sku
from mall.catalog.tests.factories import ProductFactory
from mall.coupons.models import UserCoupon
from mall.coupons.tests.factories import wallet_coupon
from mall.ledger.selectors import account_balance, trial_balance
from mall.ledger.services import commission_of
from mall.membership.models import CustomerGroup, CustomerProfile, GroupPrice, MinimumOrderQuantity
from mall.merchants.tests.factories import ShopMemberFactory
from mall.orders import checkout, services, tasks
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.errors import OrderError
from mall.orders.models import Order
from mall.orders.tests.checkout_setup import build_mall, fill_cart, pay
from mall.promotions import selectors as promotion_selectors
from mall.promotions.models import JointShare, Promotion, PromotionUsage
from mall.promotions.tests.factories import PromotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mall():
    return build_mall()


def _checkout(mall, key="promo-0000001", **overrides) -> list[Order]:
    request = CheckoutRequest(address_id=mall.address.pk, **overrides)
    return place_orders(user=mall.buyer, request=request, key=key)


def _reduction(shop, threshold=5000, value=1000, **fields) -> Promotion:
    """满 threshold 减 value on one shop's goods, funded by the shop."""
    return PromotionFactory(
        kind=Promotion.Kind.REDUCTION, shop=shop, tiers=[[threshold, value]], discount_bp=0,
        **fields,
    )  # fmt: skip


def _nothing_placed() -> None:
    assert not Order.objects.exists()


def test_a_shops_reduction_is_shared_over_its_lines_to_the_fen(mall):
    _reduction(mall.sku_a.shop, threshold=5000, value=1000)
    other = ProductFactory(shop=mall.sku_a.shop, skus=[([], 3333, 9)]).skus.get()
    fill_cart(mall.buyer, (mall.sku_a, 1), (other, 1))  # 2500 + 3333 = 5833

    (order,) = _checkout(mall)

    lines = {line.sku_id: line for line in order.lines.all()}
    assert order.goods == 5833 and order.discount == 1000
    assert sum(line.discount for line in lines.values()) == 1000
    assert {sku: line.discount for sku, line in lines.items()} == {
        mall.sku_a.pk: 2500 * 1000 // 5833 + 1,  # largest remainder: 428.6 → 429
        other.pk: 3333 * 1000 // 5833,  # 571.4 → 571
    }
    assert order.total == 5833 - 1000 + order.freight
    adjustments = order.breakdown["lines"][0]["adjustments"]
    assert adjustments and adjustments[0]["key"].startswith("promotion:")


def test_the_best_coupon_is_used_unless_the_buyer_chooses(mall):
    small = wallet_coupon(mall.buyer, amount=500, threshold=0)
    big = wallet_coupon(mall.buyer, amount=1500, threshold=5000)
    fill_cart(mall.buyer, (mall.sku_b, 1))  # 9900, free shipping

    preview = checkout.preview(mall.buyer, None, "310101")
    chosen = {o.coupon_id for o in preview.breakdown.coupon_options if o.chosen}
    assert chosen == {big.pk} and preview.breakdown.total == 9900 - 1500

    (order,) = _checkout(mall, coupon_ids=(small.pk,))

    assert order.discount == 500
    assert UserCoupon.objects.get(pk=small.pk).status == UserCoupon.Status.USED
    assert UserCoupon.objects.get(pk=big.pk).status == UserCoupon.Status.UNUSED


def test_a_coupon_that_cannot_be_used_is_explained_and_nothing_is_placed(mall):
    coupon = wallet_coupon(mall.buyer, amount=2000, threshold=50_000)
    fill_cart(mall.buyer, (mall.sku_b, 1))

    with pytest.raises(OrderError, match="优惠券不可用"):
        _checkout(mall, coupon_ids=(coupon.pk,))

    _nothing_placed()
    assert UserCoupon.objects.get(pk=coupon.pk).status == UserCoupon.Status.UNUSED


def test_someone_elses_coupon_is_not_in_the_wallet(mall):
    stranger = wallet_coupon(build_mall().buyer, amount=500, threshold=0)
    fill_cart(mall.buyer, (mall.sku_b, 1))

    with pytest.raises(OrderError, match="优惠券不可用"):
        _checkout(mall, coupon_ids=(stranger.pk,))
    _nothing_placed()


def test_a_price_that_changed_since_the_page_was_shown_is_refused(mall):
    fill_cart(mall.buyer, (mall.sku_b, 1))
    shown = checkout.preview(mall.buyer, None, "310101").breakdown.total
    PromotionFactory(scope_shop_ids=[mall.sku_b.shop_id])  # 8折 starts meanwhile
    promotion_selectors.bump_rules_version()

    with pytest.raises(OrderError, match="价格有变化"):
        _checkout(mall, expected_total=shown)
    _nothing_placed()
    (order,) = _checkout(mall, key="promo-0000002", expected_total=shown * 8 // 10)
    assert order.total == 9900 * 8 // 10


def test_a_campaign_out_of_budget_refuses_rather_than_places_half_discounted(mall):
    promotion = _reduction(mall.sku_b.shop, threshold=5000, value=1000, budget=1500)
    fill_cart(mall.buyer, (mall.sku_b, 1))
    promotion_selectors.active_rules()  # this process still sees 1500 left …
    Promotion.objects.filter(pk=promotion.pk).update(spent=1000)  # … another checkout took 1000

    with pytest.raises(OrderError, match="已用完"):
        _checkout(mall)
    _nothing_placed()
    assert Promotion.objects.get(pk=promotion.pk).spent == 1000


def test_cancelling_an_unpaid_order_gives_back_budget_and_coupon(mall):
    promotion = _reduction(mall.sku_b.shop, threshold=5000, value=1000, budget=10_000)
    coupon = wallet_coupon(mall.buyer, amount=500, threshold=0, return_on_cancel=True)
    fill_cart(mall.buyer, (mall.sku_b, 1))
    (order,) = _checkout(mall)
    assert Promotion.objects.get(pk=promotion.pk).spent == 1000
    assert UserCoupon.objects.get(pk=coupon.pk).status == UserCoupon.Status.USED

    services.cancel_by_buyer(mall.buyer, order.no)

    assert Promotion.objects.get(pk=promotion.pk).spent == 0
    assert PromotionUsage.objects.get(order_id=order.pk).released_at is not None
    assert UserCoupon.objects.get(pk=coupon.pk).status == UserCoupon.Status.UNUSED


def test_a_gift_ships_free_with_the_order_and_leaves_stock(mall):
    gift = ProductFactory(shop=mall.sku_b.shop, skus=[([], 1200, 3)]).skus.get()
    PromotionFactory(
        kind=Promotion.Kind.GIFT, shop=mall.sku_b.shop, tiers=[[5000, 0]], gift_sku=gift,
        gift_quantity=1, discount_bp=0,
    )  # fmt: skip
    fill_cart(mall.buyer, (mall.sku_b, 1))

    (order,) = _checkout(mall)

    gift_line = order.lines.get(is_gift=True)
    assert (gift_line.sku_id, gift_line.quantity, gift_line.total) == (gift.pk, 1, 0)
    assert order.total == 9900
    assert Sku.objects.get(pk=gift.pk).stock == 2


def test_group_ladder_prices_and_minimum_quantities_apply_at_checkout(mall):
    dealer = CustomerGroup.objects.get_or_create(code="dealer", defaults={"name": "经销商"})[0]
    CustomerProfile.objects.update_or_create(user=mall.buyer, defaults={"group": dealer})
    GroupPrice.objects.create(sku=mall.sku_b, group=dealer, min_quantity=1, unit_price=9000)
    GroupPrice.objects.create(sku=mall.sku_b, group=dealer, min_quantity=3, unit_price=8000)
    MinimumOrderQuantity.objects.create(sku=mall.sku_b, group=dealer, quantity=2)

    with pytest.raises(OrderError, match="至少购买 2 件"):
        _checkout(mall, items=(CheckoutItem(mall.sku_b.pk, 1),))
    (order,) = _checkout(mall, items=(CheckoutItem(mall.sku_b.pk, 3),))

    assert (order.goods, order.discount, order.total) == (29_700, 29_700 - 24_000, 24_000)


def test_settlement_charges_the_platform_and_joint_partners_their_share(mall, settings):
    settings.AFTERSALES_WINDOW_DAYS = 0
    partner = ProductFactory(skus=[([], 100, 1)]).shop
    joint = PromotionFactory(
        kind=Promotion.Kind.REDUCTION, tiers=[[5000, 2000]], discount_bp=0,
        scope_shop_ids=[mall.sku_b.shop_id],
    )  # fmt: skip
    JointShare.objects.create(promotion=joint, shop=mall.sku_b.shop, share_bp=5000)
    JointShare.objects.create(promotion=joint, shop=partner, share_bp=5000)
    platform_coupon = wallet_coupon(mall.buyer, amount=300, threshold=0)
    fill_cart(mall.buyer, (mall.sku_b, 1))
    (order,) = _checkout(mall)
    assert (order.discount, order.total) == (2000 + 300, 9900 - 2300)
    pay(order.payment_id)
    owner = ShopMemberFactory(shop=mall.sku_b.shop)
    services.ship(owner, order.no, carrier="SF", tracking_no="SF1234567890123")
    services.confirm_receipt(mall.buyer, order.no)

    assert tasks.settle_orders() == 1

    assert UserCoupon.objects.get(pk=platform_coupon.pk).status == UserCoupon.Status.USED
    assert account_balance("expense:promotion") == 300
    assert account_balance(f"payable:{partner.pk}") == 1000  # the partner owes its half
    rate = order.lines.get().commission_rate_bp
    earned = 7600 + 300 + 1000  # what the buyer paid, and the platform's and partner's parts
    assert account_balance(f"payable:{mall.sku_b.shop_id}") == -(
        earned - commission_of(earned, rate)
    )
    assert trial_balance() == 0
