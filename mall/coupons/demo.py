"""seed_demo's coupons: platform coupons in the 领券中心 (满199减20, 9折最高减50, 包邮券), the
registration gift pack, a first-order coupon, a cumulative-spend reward (¥1,000 in a month),
the code HUSHANG2026, coupons of several demo shops, and the demo shopper's wallet with coupons
usable, used and expired. Idempotent: templates are found by name, coupons by their keys."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mall.catalog.demo import shops as demo_shops
from mall.coupons import services
from mall.coupons.models import (
    Channel,
    CouponCode,
    CouponTemplate,
    Source,
    SpendPeriod,
    UserCoupon,
)
from mall.customers.models import User
from mall.merchants.models import Shop
from mall.orders.models import Order

CODE = "HUSHANG2026"
AMOUNT, PERCENT, FREE = "amount", "percent", "free_shipping"
PLATFORM = (  # name, fields
    ("满199减20", {"kind": AMOUNT, "amount": 2000, "threshold": 19900, "valid_days": 15,
                   "total_quantity": 5000}),
    ("全场9折券（最高减50）", {"kind": PERCENT, "discount_bp": 1000, "cap": 5000,
                             "threshold": 9900, "valid_days": 7, "per_user_limit": 2,
                             "stackable": False}),
    ("包邮券", {"kind": FREE, "valid_days": 30, "per_user_limit": 3}),
    ("新人礼包·满99减15", {"kind": AMOUNT, "amount": 1500, "threshold": 9900, "valid_days": 30,
                          "channel": Channel.REGISTRATION}),
    ("新人礼包·包邮券", {"kind": FREE, "valid_days": 30, "channel": Channel.REGISTRATION}),
    ("首单立减10元", {"kind": AMOUNT, "amount": 1000, "valid_days": 30,
                     "channel": Channel.FIRST_ORDER}),
    ("月消费满1000元奖励·满300减50", {"kind": AMOUNT, "amount": 5000, "threshold": 30000,
                                    "valid_days": 30, "per_user_limit": 24,
                                    "channel": Channel.SPEND_REWARD, "spend_threshold": 100_000,
                                    "spend_period": SpendPeriod.MONTH}),
    ("沪上2026兑换券·满100减15", {"kind": AMOUNT, "amount": 1500, "threshold": 10000,
                               "valid_days": 30, "channel": Channel.CODE}),
    ("客服补偿券·满50减5", {"kind": AMOUNT, "amount": 500, "threshold": 5000, "valid_days": 1,
                         "channel": Channel.MANUAL, "per_user_limit": 5}),
)  # fmt: skip
SHOP_COUPONS = (  # name, fields (for each of the first open demo shops)
    ("店铺券·满99减10", {"kind": AMOUNT, "amount": 1000, "threshold": 9900, "valid_days": 14,
                        "total_quantity": 1000}),
    ("新品95折", {"kind": PERCENT, "discount_bp": 500, "cap": 3000, "valid_days": 7,
                  "scope_tags": ["new"]}),
)  # fmt: skip
SHOPS_WITH_COUPONS = 4
# The demo shopper's wallet: usable, used (on their latest paid order) and expired coupons.
USABLE = ("满199减20", "包邮券")  # and the first shop's 店铺券
USED = "全场9折券（最高减50）"
EXPIRED = "客服补偿券·满50减5"


def seed(stdout=None) -> None:
    with transaction.atomic():
        templates = {name: _template(name, None, fields) for name, fields in PLATFORM}
        shops = _shops()
        for shop in shops:
            for name, fields in SHOP_COUPONS:
                _template(name, shop, fields)
        CouponCode.objects.get_or_create(
            code=CODE, defaults={"template": templates["沪上2026兑换券·满100减15"]}
        )
        usable = [templates[name] for name in USABLE]
        if shops:
            usable.append(CouponTemplate.objects.get(name=SHOP_COUPONS[0][0], shop=shops[0]))
        wallet = _demo_wallet(usable, templates[USED], templates[EXPIRED])
    if stdout is not None:
        stdout.write(
            f"平台券 {len(PLATFORM)} 种（含注册礼包、首单、累计消费奖励），"
            f"{len(shops)} 家店铺各 {len(SHOP_COUPONS)} 种店铺券，兑换码 {CODE}；"
            f"演示顾客 {demo_shops.SHOPPER_MOBILE} 有优惠券 {wallet} 张\n"
        )


def _template(name: str, shop: Shop | None, fields: dict) -> CouponTemplate:
    existing = CouponTemplate.objects.filter(name=name, shop=shop).first()
    if existing is not None:
        return existing
    return services.create_template(CouponTemplate(name=name, shop=shop, **fields), actor=None)


def _shops() -> list[Shop]:
    slugs = [shop.slug for shop in demo_shops.SHOPS]
    shops = Shop.objects.open().filter(slug__in=slugs)
    return sorted(shops, key=lambda shop: slugs.index(shop.slug))[:SHOPS_WITH_COUPONS]


def _demo_wallet(usable: list[CouponTemplate], used, expired: CouponTemplate) -> int:
    shopper = User.objects.filter(mobile=demo_shops.SHOPPER_MOBILE).first()
    if shopper is None:
        return 0
    for template in usable:
        _give(shopper, template)
    _use(shopper, _give(shopper, used))
    _expire(_give(shopper, expired))
    return UserCoupon.objects.filter(user=shopper).count()


def _give(shopper, template: CouponTemplate) -> UserCoupon | None:
    return services.issue(shopper, template, source=Source.OPERATOR, key=f"demo:{template.pk}")


def _use(shopper, coupon: UserCoupon | None) -> None:
    """On the shopper's latest paid order, the way checkout would have used it."""
    order = Order.objects.filter(buyer=shopper, paid_at__isnull=False).order_by("-pk").first()
    if coupon is None or order is None or coupon.status == UserCoupon.Status.USED:
        return
    services.consume(shopper, [coupon.pk], order_ids_by_shop={order.shop_id: [order.pk]})


def _expire(coupon: UserCoupon | None) -> None:
    """Moved back in time: claimed a fortnight ago, valid for a day."""
    if coupon is None:
        return
    claimed = timezone.now() - timedelta(days=14)
    UserCoupon.objects.filter(pk=coupon.pk).update(
        claimed_at=claimed, valid_from=claimed, valid_until=claimed + timedelta(days=1)
    )
