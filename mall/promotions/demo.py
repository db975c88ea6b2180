"""seed_demo's promotions: live campaigns of every kind on the demo shops and products — a
daily 10:00–11:00 & 20:00–21:00 8折 slot, an all-day slot so the demo always shows a 限时
price, 满100减20 per shop, a cross-shop 满300减50 with a budget, 满2件9折, 买赠 with gift stock,
第二件半价, 会员专享, a new-product 立减, 春节特惠 scheduled ahead, 清仓 special prices, a joint
promotion of two shops 50/50 and 满99包邮 — then the catalogue prices materialised once for
them all (by the worker for a big catalogue, as after any rule change).

Idempotent: a campaign is found by its slug and created only when missing."""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from mall.catalog.demo.images import ImageJob, is_stored, render_and_store
from mall.catalog.models import Product, Sku
from mall.merchants.models import Shop
from mall.pricing.rules import SHANGHAI, Basis
from mall.promotions import services
from mall.promotions.models import JointShare, Promotion, PromotionWindow, SpecialPrice

Kind = Promotion.Kind
ALL_DAY = (time(0), time(0))  # 00:00–24:00
CLEARANCE_SKUS = 8
CLEARANCE_BP = 6_000  # 清仓 at 60 % of the list price
INTRO = "<p>{text}</p><ul><li>活动商品数量有限，售完即止</li><li>优惠在结算页自动计算</li></ul>"


def seed(stdout=None) -> None:
    shops = {shop.slug: shop for shop in Shop.objects.filter(status=Shop.Status.OPEN)}
    created = 0
    with services.repricing_once():  # the worker's, above the inline limit
        for slug, build in CAMPAIGNS:
            if Promotion.objects.filter(slug=slug).exists():
                continue
            spec = build(shops)
            if spec is None:  # the demo shop or products it needs are missing
                continue
            _create(slug, spec)
            created += 1
    if stdout:
        stdout.write(f"promotions: {created} campaigns created\n")


def _create(slug: str, spec: dict[str, Any]) -> Promotion:
    windows = spec.pop("windows", [])
    specials = spec.pop("specials", [])
    shares = spec.pop("shares", [])
    palette = spec.pop("palette", None)
    promotion = Promotion(slug=slug, **spec)
    if palette:
        promotion.banner = _banner(slug, palette)
    rows = services.RuleRows(
        windows=[PromotionWindow(start=s, end=e, weekdays=[]) for s, e in windows],
        special_prices=[SpecialPrice(sku_id=pk, unit_price=price) for pk, price in specials],
        joint_shares=[JointShare(shop=shop, share_bp=bp) for shop, bp in shares],
    )
    promotion = services.save_promotion(promotion, rows, note="演示数据")
    return services.start(promotion)


def _banner(slug: str, palette: tuple[str, str]) -> str:
    name = f"campaigns/demo-{slug}.jpg"
    if not is_stored(name):
        render_and_store(ImageJob(name=name, style="banner", palette=palette, shape="round"))
    return name


def _intro(text: str) -> str:
    return INTRO.format(text=text)


def _products(shop: Shop) -> Any:
    return Product.objects.visible().filter(shop=shop)


# --- the campaigns ----------------------------------------------------------------------------

Spec = dict[str, Any] | None
Shops = dict[str, Shop]


def _flash_sale(shops: Shops) -> Spec:
    return {
        "name": "整点限时秒杀 8折", "kind": Kind.PERCENT, "discount_bp": 2_000,
        "scope_tags": ["hot"], "windows": [(time(10), time(11)), (time(20), time(21))],
        "exclusive_group": "flash", "priority": 10, "show_on_home": True,
        "palette": ("#e4393c", "#ff9a3c"),
        "intro": _intro("每天 10:00–11:00、20:00–21:00，热卖好物限时 8折。"),
    }  # fmt: skip


def _all_day_slot(shops: Shops) -> Spec:
    shop = shops.get("mi-home")
    if shop is None:
        return None
    return {
        "name": "小米之家 全天限时 9折", "kind": Kind.PERCENT, "discount_bp": 1_000,
        "shop": shop, "windows": [ALL_DAY], "show_on_home": True,
        "palette": ("#ff6900", "#ffb380"),
        "intro": _intro("小米之家全店每天全天限时 9折，下单即享。"),
    }  # fmt: skip


def _per_shop_reduction(slug: str) -> Callable[[Shops], Spec]:
    def build(shops: Shops) -> Spec:
        shop = shops.get(slug)
        if shop is None:
            return None
        return {
            "name": f"{shop.name} 满100减20", "kind": Kind.REDUCTION, "shop": shop,
            "tiers": [[10_000, 2_000]],
        }  # fmt: skip

    return build


def _cross_shop(shops: Shops) -> Spec:
    return {
        "name": "跨店满300减50", "kind": Kind.REDUCTION, "tiers": [[30_000, 5_000]],
        "budget": 500_000, "show_on_home": True, "palette": ("#7b2ff7", "#f107a3"),
        "intro": _intro("全场跨店满 300 元减 50 元，平台补贴，补贴总额 5000 元，用完即止。"),
    }  # fmt: skip


def _two_pieces(shops: Shops) -> Spec:
    shop = shops.get("li-ning")
    if shop is None:
        return None
    return {
        "name": "李宁 满2件9折", "kind": Kind.DISCOUNT, "shop": shop, "basis": Basis.QUANTITY,
        "tiers": [[2, 1_000]],
    }  # fmt: skip


def _gift(shops: Shops) -> Spec:
    shop = shops.get("jieli-daily")
    gift = (
        Sku.objects.filter(shop=shop, is_active=True, stock__gt=0).order_by("price", "pk").first()
        if shop
        else None
    )
    if gift is None:
        return None
    return {
        "name": "洁丽日化 满59赠好礼", "kind": Kind.GIFT, "shop": shop, "tiers": [[5_900, 0]],
        "gift_sku": gift, "gift_quantity": 1,
    }  # fmt: skip


def _second_half(shops: Shops) -> Spec:
    shop = shops.get("bestore")
    if shop is None:
        return None
    return {
        "name": "良品铺子 第二件半价", "kind": Kind.NTH_ITEM, "shop": shop, "nth": 2,
        "discount_bp": 5_000,
    }  # fmt: skip


def _members(shops: Shops) -> Spec:
    shop = shops.get("hushang-fresh")
    if shop is None:
        return None
    return {
        "name": "会员专享 沪上鲜生 88折", "kind": Kind.PERCENT, "discount_bp": 1_200,
        "scope_shop_ids": [shop.pk], "min_member_rank": 1,
        "intro": _intro("银卡及以上会员购买沪上鲜生商品享 88折。"),
    }  # fmt: skip


def _new_products(shops: Shops) -> Spec:
    return {
        "name": "新品尝鲜 每件立减5元", "kind": Kind.AMOUNT, "amount": 500,
        "scope_tags": ["new"], "exclusive_group": "flash",
        "intro": _intro("30 天内上新的商品每件立减 5 元，先人一步。"),
    }  # fmt: skip


def _spring_festival(shops: Shops) -> Spec:
    start = _next_spring_festival()
    return {
        "name": "春节特惠 85折", "kind": Kind.PERCENT, "discount_bp": 1_500,
        "starts_at": start, "ends_at": start + timedelta(days=10), "show_on_home": True,
        "palette": ("#c8102e", "#f6c244"),
        "intro": _intro("新春佳节，全场 85折，年货一站买齐。"),
    }  # fmt: skip


def _next_spring_festival() -> datetime:
    """Ten days before the next 春节 we know of, at midnight in Shanghai."""
    now = timezone.now()
    for day in ((2027, 2, 6), (2028, 1, 26), (2029, 2, 13), (2030, 2, 3)):
        start = datetime(*day, tzinfo=SHANGHAI) - timedelta(days=10)
        if start > now:
            return start
    return now + timedelta(days=60)


def _clearance(shops: Shops) -> Spec:
    shop = shops.get("youpin-mart")
    if shop is None:
        return None
    skus = Sku.objects.filter(product__in=_products(shop), is_active=True, price__gte=100).order_by(
        "pk"
    )[:CLEARANCE_SKUS]
    specials = [(sku.pk, sku.price * CLEARANCE_BP // 10_000) for sku in skus]
    if not specials:
        return None
    return {
        "name": "优品生活 清仓特价", "kind": Kind.SPECIAL, "shop": shop, "specials": specials,
        "palette": ("#0f9d58", "#9be15d"),
        "intro": _intro("换季清仓，精选商品低至 6折。"),
    }  # fmt: skip


def _joint(shops: Shops) -> Spec:
    first, second = shops.get("li-ning"), shops.get("anta")
    if first is None or second is None:
        return None
    return {
        "name": "运动联合 满200减30", "kind": Kind.REDUCTION, "tiers": [[20_000, 3_000]],
        "scope_shop_ids": [first.pk, second.pk], "shares": [(first, 5_000), (second, 5_000)],
        "intro": _intro("李宁、安踏联合出资：两店商品合计满 200 元减 30 元。"),
    }  # fmt: skip


def _free_shipping(shops: Shops) -> Spec:
    return {
        "name": "全场满99包邮", "kind": Kind.FREE_SHIPPING, "threshold": 9_900,
        "basis": Basis.AMOUNT,
    }  # fmt: skip


CAMPAIGNS: tuple[tuple[str, Callable[[Shops], Spec]], ...] = (
    ("flash-sale", _flash_sale),
    ("mi-home-all-day", _all_day_slot),
    ("three-squirrels-100-20", _per_shop_reduction("three-squirrels")),
    ("bestore-100-20", _per_shop_reduction("bestore")),
    ("jieli-daily-100-20", _per_shop_reduction("jieli-daily")),
    ("cross-shop-300-50", _cross_shop),
    ("li-ning-two-pieces", _two_pieces),
    ("jieli-gift", _gift),
    ("bestore-second-half", _second_half),
    ("member-exclusive", _members),
    ("new-arrivals", _new_products),
    ("spring-festival", _spring_festival),
    ("clearance", _clearance),
    ("sports-joint", _joint),
    ("free-shipping-99", _free_shipping),
)
