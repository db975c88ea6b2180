"""Issue 5's shopper journey through promotions in a real browser, at a desktop and a phone size.

A shopper claims a platform coupon in the 领券中心 and finds it in 我的优惠券; sees a tea's
限时 8折 price (list price struck through, countdown) in its category; fills the cart under the
shop's 满200减30 with the cart's hint counting down until the 满减 applies and each line lists
its promotions; at checkout the best coupon is already ticked and the total counts it; the order
is paid in the sandbox cashier and shows the discount.
Screenshots (promo-*-desktop.png, promo-*-phone.png) go to docs/screenshots/."""

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mall.catalog.models import Category, Product
from mall.catalog.tests.factories import ProductFactory, category_path
from mall.coupons.models import Channel, CouponTemplate
from mall.coupons.tests.factories import TemplateFactory, wallet_coupon
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.tests.factories import ShopFactory
from mall.notifications.services import deliver_due
from mall.orders.models import Order, OrderStatus
from mall.orders.tests.checkout_setup import SHANGHAI
from mall.promotions.models import Promotion, PromotionWindow
from mall.promotions.services import RuleRows, refresh_catalogue_prices, save_promotion
from mall.promotions.tests.factories import PromotionFactory
from tests.browser.test_orders import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ALL_DAY = PromotionWindow(start=time(0), end=time(0), weekdays=[])  # 00:00–24:00, every day


@dataclass
class PromoMall:
    buyer: object
    leaf: Category
    longjing: Product  # ¥100.00, 限时 8折 → ¥80.00
    biluochun: Product  # ¥60.00, no catalogue cut
    claimable: CouponTemplate  # platform 满100减20, claimed in the 领券中心


def build_promo_mall() -> PromoMall:
    """One tea shop under a 满200减30 with a 限时 8折 on its 龙井; a platform coupon to claim,
    a weaker one already in the wallet, and a shop coupon left in the centre."""
    leaf = category_path("茶饮冲调", "茶叶", "绿茶")
    shop = ShopFactory(name="沪上茶庄")
    longjing = ProductFactory(name="明前龙井", shop=shop, category=leaf, skus=[([], 10_000, 50)])
    biluochun = ProductFactory(name="洞庭碧螺春", shop=shop, category=leaf, skus=[([], 6_000, 50)])
    save_promotion(
        PromotionFactory.build(
            name="龙井限时折", shop=shop, discount_bp=2_000, scope_product_ids=[longjing.pk]
        ),
        RuleRows(windows=[ALL_DAY]),
    )
    save_promotion(
        PromotionFactory.build(
            name="茶庄满减", shop=shop, kind=Promotion.Kind.REDUCTION, discount_bp=0,
            tiers=[[20_000, 3_000]],
        ),
        RuleRows(windows=[]),
    )  # fmt: skip
    refresh_catalogue_prices()
    buyer = ShopperFactory()
    Address.objects.create(
        user=buyer, consignee="陈静", mobile="13912340000", region_code=SHANGHAI,
        detail="福州路 88 号", is_default=True,
    )  # fmt: skip
    claimable = TemplateFactory(name="平台满100减20")
    TemplateFactory(name="茶庄满500减50", shop=shop, amount=5_000, threshold=50_000)
    wallet_coupon(buyer, name="平台满50减5", amount=500, threshold=5_000, channel=Channel.MANUAL)
    return PromoMall(buyer, leaf, longjing, biluochun, claimable)


def shoot(page, name: str) -> None:
    """Save the whole page, after checking it fits the viewport's width (no sideways scrolling).
    The viewport is first made as tall as the page, so that the sticky checkout bar and the
    phone's fixed tab bar sit at its end instead of over the middle of the picture."""
    size = page.viewport_size
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{name} is {width}px wide"
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"promo-{name}-{page.viewport_name}.png", full_page=True)
    page.set_viewport_size(size)


def test_coupon_time_slot_price_reduction_and_best_coupon(page, live_server, client):
    mall = build_promo_mall()
    url = live_server.url
    sign_in(page, client, live_server, mall.buyer)

    claims_a_coupon(page, url, mall.claimable.name)
    sees_the_time_slot_price(page, url, mall)
    reaches_the_reduction_in_the_cart(page, url, mall)
    checks_out_with_the_best_coupon(page, url, mall)


def claims_a_coupon(page, url: str, name: str) -> None:
    page.goto(url + "/coupons/")
    expect(page.locator("h1")).to_have_text("领券中心")
    offer = page.locator(".coupon-card", has_text=name)
    expect(offer.locator(".coupon-card__value")).to_contain_text("满100")
    offer.get_by_role("button", name="领取").click()
    expect(offer.locator(".coupon-claim__done")).to_have_text("已领取")
    shop_offer = page.locator(".coupon-card", has_text="茶庄满500减50")
    expect(shop_offer.get_by_role("button", name="领取")).to_be_visible()  # only one claimed
    shoot(page, "coupon-centre")

    page.get_by_role("link", name="我的优惠券").click()
    expect(page.locator("h1")).to_have_text("我的优惠券")
    wallet = page.locator(".coupon-list .coupon-card")
    expect(wallet).to_have_count(2)  # the claimed one and the one issued before
    expect(wallet.filter(has_text=name)).to_contain_text("平台券")


def sees_the_time_slot_price(page, url: str, mall: PromoMall) -> None:
    page.goto(f"{url}/category/{mall.leaf.slug}/")
    card = page.locator(".product-card", has_text=mall.longjing.name)
    expect(card.locator(".product-card__price strong.price")).to_have_text("¥80.00")
    expect(card.locator(".product-card__price s")).to_have_text("¥100.00")
    expect(card.locator(".promo-badge")).to_have_text("限时 8折")
    expect(card.locator(".promo-tag", has_text="满减")).to_be_visible()
    expect(card.locator("time.countdown[data-promo-end]")).to_contain_text("距结束")
    plain = page.locator(".product-card", has_text=mall.biluochun.name)
    expect(plain.locator(".product-card__price strong.price")).to_have_text("¥60.00")
    expect(plain.locator(".promo-badge")).to_have_count(0)
    shoot(page, "listing")


def add_to_cart(page, url: str, product: Product) -> None:
    page.goto(f"{url}/product/{product.pk}/")
    with page.expect_response(lambda response: response.url.endswith("/cart/add/")) as added:
        page.get_by_role("button", name="加入购物车").click()
    assert added.value.ok
    expect(page.locator("#cart-notice")).to_contain_text("已加入购物车")


def reaches_the_reduction_in_the_cart(page, url: str, mall: PromoMall) -> None:
    add_to_cart(page, url, mall.longjing)
    page.goto(url + "/cart/")
    hint = page.locator(".cart-shop .cart-hint")
    expect(hint).to_contain_text("再买 ¥120.00 可享满200减30")
    longjing = page.locator(".cart-line", has_text=mall.longjing.name)
    expect(longjing.locator(".cart-line__promos")).to_contain_text("限时折扣 8折")
    # the cart counts the best coupon the wallet can use now: 满50减5 on ¥80.00
    expect(page.locator("[data-cart-total]")).to_have_text("¥75.00")

    longjing.get_by_role("button", name="增加").click()
    expect(longjing.locator("input[name=quantity]")).to_have_value("2")
    expect(hint).to_contain_text("再买 ¥40.00 可享满200减30")
    expect(page.locator("[data-cart-total]")).to_have_text("¥140.00")  # now 满100减20
    shoot(page, "cart-hint")

    add_to_cart(page, url, mall.biluochun)
    page.goto(url + "/cart/")
    expect(page.locator(".cart-hint")).to_have_count(0)  # 满减 reached: nothing left to buy
    longjing = page.locator(".cart-line", has_text=mall.longjing.name)
    biluochun = page.locator(".cart-line", has_text=mall.biluochun.name)
    coupon = f"优惠券「{mall.claimable.name}」"
    expect(longjing.locator(".cart-line__promos li")).to_have_count(3)
    for text in ("限时折扣 8折", "满200减30 分摊", coupon):
        expect(longjing.locator(".cart-line__promos")).to_contain_text(text)
    expect(biluochun.locator(".cart-line__promos li")).to_have_count(2)
    for text in ("满200减30 分摊", coupon):
        expect(biluochun.locator(".cart-line__promos")).to_contain_text(text)
    # the 满减's ¥30.00 and the coupon's ¥20.00 are each spread over the lines to the fen
    assert shared(page, "满200减30") == 3_000
    assert shared(page, coupon) == 2_000
    # ¥220.00 of goods after the 限时 price, less ¥30.00 and the ¥20.00 coupon
    expect(page.locator("[data-cart-total]")).to_have_text("¥170.00")
    expect(page.locator(".cart-summary__saved")).to_have_text("已优惠 ¥90.00")
    shoot(page, "cart")


def shared(page, rule: str) -> int:
    """The fen of every line's “<rule> 分摊 ¥21.82”, added up."""
    texts = page.locator(".cart-line__promos li", has_text=f"{rule} 分摊").all_inner_texts()
    assert texts
    return sum(yuan_to_fen(re.search(r"分摊 ¥([\d,.]+)", text)[1]) for text in texts)


def yuan_to_fen(yuan: str) -> int:
    whole, _, cents = yuan.replace(",", "").partition(".")
    return int(whole) * 100 + int(cents or 0)


def checks_out_with_the_best_coupon(page, url: str, mall: PromoMall) -> None:
    page.get_by_role("link", name="去结算").click()
    expect(page.locator("h1")).to_have_text("确认订单")
    coupons = page.locator(".coupon-choice")
    best = coupons.locator(".coupon-choice__item", has_text=mall.claimable.name)
    weaker = coupons.locator(".coupon-choice__item", has_text="平台满50减5")
    expect(best.locator("input[name=coupon]")).to_be_checked()
    expect(best).to_contain_text("可省 ¥20.00")
    expect(weaker.locator("input[name=coupon]")).not_to_be_checked()
    expect(weaker).to_contain_text("可省 ¥5.00")
    expect(page.locator("[data-checkout-total]")).to_have_text("¥170.00")  # ¥190.00 − ¥20.00
    expect(page.locator(".checkout-bar")).to_contain_text("共优惠 ¥90.00")
    shoot(page, "checkout")

    with page.expect_navigation():
        page.get_by_role("button", name="提交订单").click()
    expect(page.locator("h1")).to_have_text("沙箱收银台")
    expect(page.locator(".pay-card__amount")).to_have_text("¥170.00")
    with page.expect_navigation():
        page.get_by_role("button", name="支付成功").click()
    expect(page.locator("h1")).to_have_text("支付结果")
    deliver_due()  # the worker delivers the sandbox's signed notification
    expect(page.get_by_text("支付成功，已付 ¥170.00。")).to_be_visible(timeout=10_000)

    order = Order.objects.get(buyer=mall.buyer)
    assert order.status == OrderStatus.PAID
    assert (order.goods, order.discount, order.total) == (26_000, 9_000, 17_000)
    page.goto(f"{url}/orders/{order.no}/")
    expect(page.locator("h1")).to_have_text("待发货")
    amounts = page.locator("dl.amounts")
    for label, value in (("商品金额", "¥260.00"), ("优惠", "-¥90.00"), ("实付", "¥170.00")):
        expect(amounts.locator(f"dt:text-is('{label}') + dd")).to_have_text(value)
    line = page.locator(".order-line", has_text=mall.longjing.name)
    expect(line.locator(".struck")).to_have_text("¥200.00")  # the line's list price, struck
    shoot(page, "order")
