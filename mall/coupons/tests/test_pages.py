"""The shopper's pages: 领券中心 with claiming (plain and htmx), redeeming a code, the 领券
fragments of product and shop pages, 我的优惠券 and a coupon's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mall.catalog.tests.factories import ProductFactory
from mall.coupons.models import Channel, CouponCode, CouponTemplate, UserCoupon
from mall.coupons.tests.factories import TemplateFactory, wallet_coupon
from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper)
    return client


def test_the_centre_lists_platform_then_shop_coupons_with_their_terms(client):
    shop = ShopFactory(name="沪上鲜果")
    TemplateFactory(name="周末特惠", amount=2000, threshold=19900, valid_days=15)
    TemplateFactory(name="九折", kind="percent", amount=0, discount_bp=1000, cap=5000)
    TemplateFactory(name="果园券", shop=shop, total_quantity=5)
    TemplateFactory(name="暂停的券", status=CouponTemplate.Status.PAUSED)
    TemplateFactory(name="新人礼包", channel=Channel.REGISTRATION)
    TemplateFactory(name="关店的券", shop=ShopFactory(status=Shop.Status.CLOSED))
    page = client.get(reverse("coupons:centre")).content.decode()
    assert page.index("周末特惠") < page.index("果园券")
    assert "满199减20" in page and "9折 最高减¥50" in page  # the shared wording
    assert "满¥199.00可用" in page and "领取后 15 天内有效" in page
    assert "沪上鲜果" in page and "平台券" in page
    assert 'href="/account/login/?next=/coupons/">登录领取' in page
    for hidden in ("暂停的券", "新人礼包", "关店的券"):
        assert hidden not in page


def test_claiming_from_the_centre_without_script(signed_in, shopper):
    template = TemplateFactory(name="满199减20")
    url = reverse("coupons:claim", args=[template.pk])
    response = signed_in.post(url, {"source": "centre"})
    assert response.status_code == 302 and response["Location"] == reverse("coupons:centre")
    assert UserCoupon.objects.get(user=shopper).source == "centre"
    page = signed_in.get(reverse("coupons:centre")).content.decode()
    assert "领取成功" in page and "已领取" in page
    signed_in.post(url)
    assert "每人限领 1 张，你已领取" in signed_in.get(reverse("coupons:centre")).content.decode()


def test_claiming_with_htmx_swaps_the_button_for_claimed(signed_in, shopper):
    template = TemplateFactory()
    response = signed_in.post(
        reverse("coupons:claim", args=[template.pk]), {"source": "product"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and f'id="coupon-claim-{template.pk}"' in body
    assert "已领取" in body and "领取成功" in body and "<html" not in body
    assert UserCoupon.objects.get(user=shopper).source == "product"
    again = signed_in.post(reverse("coupons:claim", args=[template.pk]), **HTMX).content.decode()
    assert "每人限领 1 张" in again


def test_a_sold_out_coupon_says_so(signed_in):
    template = TemplateFactory(total_quantity=1)
    CouponTemplate.objects.filter(pk=template.pk).update(issued_count=1)
    assert "已抢光" in signed_in.get(reverse("coupons:centre")).content.decode()
    body = signed_in.post(reverse("coupons:claim", args=[template.pk]), **HTMX).content.decode()
    assert "优惠券已被抢光了" in body


def test_anonymous_visitors_are_sent_to_log_in(client):
    template = TemplateFactory()
    url = reverse("coupons:claim", args=[template.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:login"))
    response = client.post(url, HTTP_HX_CURRENT_URL="http://testserver/product/5/", **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("customers:login") + "?next=/product/5/"
    for name in ("coupons:mine", "coupons:redeem"):
        response = (
            client.get(reverse(name)) if name == "coupons:mine" else client.post(reverse(name))
        )
        assert response["Location"].startswith(reverse("customers:login"))
    assert not UserCoupon.objects.exists()


def test_claiming_needs_the_csrf_token(shopper):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(shopper)
    assert client.post(reverse("coupons:claim", args=[TemplateFactory().pk])).status_code == 403
    assert not UserCoupon.objects.exists()


def test_redeeming_a_code(signed_in, shopper):
    template = TemplateFactory(name="沪上2026兑换券", channel=Channel.CODE)
    CouponCode.objects.create(template=template, code="HUSHANG2026")
    response = signed_in.post(reverse("coupons:redeem"), {"code": "hushang2026"})
    assert response.status_code == 302 and response["Location"] == reverse("coupons:mine")
    assert UserCoupon.objects.get(user=shopper).template == template
    response = signed_in.post(reverse("coupons:redeem"), {"code": "hushang2026"})
    assert response.status_code == 400
    assert "你已兑换过这个兑换码" in response.content.decode()
    response = signed_in.post(reverse("coupons:redeem"), {"code": ""})
    assert response.status_code == 400


# --- fragments ----------------------------------------------------------------------------------


def test_the_product_fragment_shows_the_coupons_that_cover_it(client):
    product = ProductFactory(is_new=True)
    TemplateFactory(name="全场券")
    TemplateFactory(name="本店券", shop=product.shop)
    TemplateFactory(name="新品券", scope_tags=["new"])
    TemplateFactory(name="类目券", scope_category_ids=[product.category_id])
    TemplateFactory(name="别的商品券", scope_product_ids=[product.pk + 1000])
    TemplateFactory(name="排除它的券", scope_excluded_product_ids=[product.pk])
    TemplateFactory(name="别店券", shop=ShopFactory())
    body = client.get(reverse("coupons:for_product", args=[product.pk]), **HTMX).content.decode()
    for shown in ("全场券", "本店券", "新品券", "类目券"):
        assert shown in body
    for hidden in ("别的商品券", "排除它的券", "别店券"):
        assert hidden not in body
    assert "<html" not in body


def test_the_shop_fragment_shows_its_own_coupons_and_what_the_shopper_has(signed_in, shopper):
    shop = ShopFactory()
    mine = TemplateFactory(name="已领的店铺券", shop=shop)
    TemplateFactory(name="还能领的店铺券", shop=shop)
    TemplateFactory(name="平台券不在店铺页")
    wallet_coupon(shopper)  # another template
    UserCoupon.objects.create(
        template=mine, user=shopper, claimed_at=timezone.now(), source="shop", key="x"
    )
    body = signed_in.get(reverse("coupons:for_shop", args=[shop.pk])).content.decode()
    assert "已领的店铺券" in body and "还能领的店铺券" in body and "平台券不在店铺页" not in body
    assert body.count("已领取") == 1 and 'name="source" value="shop"' in body


def test_fragments_of_hidden_products_and_closed_shops_are_not_found(client):
    product = ProductFactory(status="off_shelf")
    assert client.get(reverse("coupons:for_product", args=[product.pk])).status_code == 404
    closed = ShopFactory(status=Shop.Status.CLOSED)
    assert client.get(reverse("coupons:for_shop", args=[closed.pk])).status_code == 404
    empty = ShopFactory()
    assert client.get(reverse("coupons:for_shop", args=[empty.pk])).content.strip() == b""


# --- my coupons ---------------------------------------------------------------------------------


def test_my_coupons_by_tab_with_counts(signed_in, shopper):
    soon = wallet_coupon(shopper, name="快过期的券", valid_days=1)
    wallet_coupon(shopper, name="还早的券", valid_days=20)
    used = wallet_coupon(shopper, name="用过的券")
    UserCoupon.objects.filter(pk=used.pk).update(status="used", used_at=timezone.now())
    gone = wallet_coupon(shopper, name="失效的券")
    UserCoupon.objects.filter(pk=gone.pk).update(valid_until=timezone.now() - timedelta(days=1))
    wallet_coupon(ShopperFactory(), name="别人的券")

    page = signed_in.get(reverse("coupons:mine")).content.decode()
    assert page.index("快过期的券") < page.index("还早的券")
    assert "用过的券" not in page and "失效的券" not in page and "别人的券" not in page
    assert '可用 <span class="coupon-count">2</span>' in page
    assert '已使用 <span class="coupon-count">1</span>' in page
    assert '已过期 <span class="coupon-count">1</span>' in page
    used_tab = signed_in.get(reverse("coupons:mine") + "?tab=used").content.decode()
    assert "用过的券" in used_tab and "快过期的券" not in used_tab
    expired_tab = signed_in.get(reverse("coupons:mine") + "?tab=expired").content.decode()
    assert "失效的券" in expired_tab and "还早的券" not in expired_tab
    assert reverse("coupons:detail", args=[soon.pk]) in page


def test_a_coupon_page_is_the_owners_only(signed_in, shopper):
    shop = ShopFactory(slug="fresh")
    own = wallet_coupon(shopper, name="我的券", shop=shop)
    page = signed_in.get(reverse("coupons:detail", args=[own.pk])).content.decode()
    assert "我的券" in page and 'href="/shop/fresh/">去使用' in page
    theirs = wallet_coupon(ShopperFactory(), name="别人的券")
    assert signed_in.get(reverse("coupons:detail", args=[theirs.pk])).status_code == 404
