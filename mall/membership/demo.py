"""seed_demo's membership: the four member levels and four customer groups, the demo accounts
of an agent (代理商, 13800138001) and a wholesaler (批发商, 13800138002) with the documented
shopper password, the demo shopper's spend counted from their paid orders (and at least 银卡),
channel ladder prices and minimum quantities on a dozen products of three shops, member prices
on about twenty SKUs of three shops (the demo seller's shop, 华为授权体验店, has both).
Idempotent: run it again and nothing doubles."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from mall.catalog.demo import shops as demo_shops
from mall.catalog.models import Product, Sku
from mall.membership import services
from mall.membership.models import (
    CustomerGroup,
    CustomerProfile,
    MemberLevel,
    SpendRecord,
)
from mall.merchants.models import Shop, ShopMember
from mall.orders.models import Order

LEVELS = (  # rank, name, threshold in fen, perks
    (0, "普通会员", 0, "新人专享券\n生日当月领取生日礼券"),
    (1, "银卡会员", 100_000, "会员价商品享银卡价\n每月领取一张满199减20券"),
    (2, "金卡会员", 500_000, "会员价商品享金卡价\n每月两张免运费券\n专属客服通道"),
    (3, "钻石会员", 2_000_000, "会员价商品享钻石价\n全场包邮\n新品优先购与线下活动邀请"),
)
GROUPS = (  # code, name, description
    ("agent", "代理商", "区域代理商，享代理阶梯价，采购越多单价越低。"),
    ("wholesaler", "批发商", "批量采购客户，享批发阶梯价，部分商品有起订量。"),
    ("dealer", "经销商", "门店经销商，享经销价。"),
    ("retail", "零售", "零售顾客，按商城售价购买。"),
)
ACCOUNTS = (  # mobile, nickname, group code
    ("13800138001", "申江商贸（代理商）", "agent"),
    ("13800138002", "浦东批发部（批发商）", "wholesaler"),
)
DEMO_SHOPPER_MIN_RANK = 1  # the demo shopper shows a member card at 银卡 at least
CHANNEL_SHOPS = ("huawei-store", "three-squirrels", "jieli-daily")  # the first: the demo seller's
CHANNEL_PRODUCTS_PER_SHOP = 4
LADDERS = {  # group code → (min quantity, basis points of the list price)
    "agent": ((1, 9_200), (10, 8_800), (100, 8_000)),
    "wholesaler": ((10, 9_000), (100, 8_200)),
    "dealer": ((10, 9_300), (100, 8_600)),
}
MINIMUMS = {"wholesaler": 10, "dealer": 5}
MEMBER_PRICE_SHOPS = ("huawei-store", "haishanghua-beauty", "hushang-fresh")
MEMBER_PRICE_SKUS_PER_SHOP = 7
MEMBER_PRICES = ((1, 9_700), (2, 9_400), (3, 9_000))  # rank → basis points of the list price
MIN_LIST_PRICE = 1_000  # below ¥10 a few per cent off is not worth a price list


def seed(stdout=None) -> None:
    levels = _levels()
    groups = _groups()
    counted = _count_paid_orders()
    promoted = services.promote_by_spend()
    shopper_rank = _demo_shopper()
    accounts = _accounts(groups)
    channel = _channel_prices(groups)
    member = _member_prices()
    if stdout is not None:
        stdout.write(
            f"会员等级 {levels} 个，客户分组 {len(groups)} 个\n"
            f"新计入消费的已付款订单 {counted} 笔，按消费升级 {promoted} 位顾客；"
            f"演示顾客 {demo_shops.SHOPPER_MOBILE} 为{shopper_rank}\n"
            f"渠道演示账号 {accounts}（密码 {demo_shops.SHOPPER_PASSWORD}）\n"
            f"渠道阶梯价与起订量 {channel} 个 SKU，会员价 {member} 个 SKU\n"
        )


def _levels() -> int:
    for rank, name, threshold, perks in LEVELS:
        MemberLevel.objects.update_or_create(
            rank=rank, defaults={"name": name, "threshold": threshold, "perks": perks}
        )
    return len(LEVELS)


def _groups() -> dict[str, CustomerGroup]:
    return {
        code: CustomerGroup.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )[0]
        for code, name, description in GROUPS
    }


# --- spend --------------------------------------------------------------------------------------
def _count_paid_orders() -> int:
    """Count every paid order not counted yet (orders paid before membership existed, or seeded
    with the receiver disconnected), then date each record at its order's payment: the demo's
    orders are moved back in time after they were paid."""
    counted = SpendRecord.objects.values("order_id")
    uncounted = Order.objects.filter(paid_at__isnull=False).exclude(pk__in=counted)
    added = sum(services.record_paid_order(order) for order in uncounted.order_by("paid_at"))
    paid_at = Order.objects.filter(pk=OuterRef("order_id")).values("paid_at")
    SpendRecord.objects.update(at=Coalesce(Subquery(paid_at), F("at")))
    return added


def _demo_shopper() -> str:
    shopper = get_user_model().objects.filter(mobile=demo_shops.SHOPPER_MOBILE).first()
    if shopper is None:
        return "（未创建）"
    profile, _created = CustomerProfile.objects.get_or_create(user=shopper)
    if profile.member_rank < DEMO_SHOPPER_MIN_RANK:
        profile = services.set_level(shopper, DEMO_SHOPPER_MIN_RANK, locked=False)
    return MemberLevel.objects.get(rank=profile.member_rank).name


def _accounts(groups: dict[str, CustomerGroup]) -> str:
    users = get_user_model().objects
    for mobile, nickname, code in ACCOUNTS:
        user = users.filter(mobile=mobile).first() or users.model(username=mobile, mobile=mobile)
        user.nickname = user.nickname or nickname
        user.set_password(demo_shops.SHOPPER_PASSWORD)
        user.save()
        services.set_group(user, groups[code])
    return "、".join(f"{mobile} {groups[code].name}" for mobile, _name, code in ACCOUNTS)


# --- price lists --------------------------------------------------------------------------------
def _percent_of(price: int, basis_points: int) -> int:
    """A share of the list price, rounded down to whole jiao (角)."""
    return price * basis_points // 10_000 // 10 * 10


def _demo_skus(shop_slugs: Iterable[str], per_shop: int, *, by: str) -> list[Sku]:
    """The newest visible SKUs worth pricing of each shop (the first the seller's price-list page
    shows), `per_shop` products (by="product") or SKUs (by="sku") of each."""
    picked: list[Sku] = []
    for shop in Shop.objects.filter(slug__in=shop_slugs).order_by("pk"):
        skus = Sku.objects.filter(
            shop=shop, is_active=True, price__gte=MIN_LIST_PRICE,
            product__in=Product.objects.visible(),
        ).order_by("-product_id", "position", "pk")  # fmt: skip
        if by == "product":
            product_ids = list(dict.fromkeys(skus.values_list("product_id", flat=True)))[:per_shop]
            picked += skus.filter(product_id__in=product_ids)
        else:
            picked += skus[:per_shop]
    return picked


def _owners(skus: list[Sku]) -> dict[int, ShopMember]:
    """Each shop's owner, who sets its prices (seed_demo's orders step made them)."""
    owners = ShopMember.objects.filter(
        shop_id__in={sku.shop_id for sku in skus}, role=ShopMember.Role.OWNER
    ).select_related("shop")
    return {member.shop_id: member for member in owners}


@transaction.atomic
def _channel_prices(groups: dict[str, CustomerGroup]) -> int:
    skus = _demo_skus(CHANNEL_SHOPS, CHANNEL_PRODUCTS_PER_SHOP, by="product")
    owners = _owners(skus)
    skus = [sku for sku in skus if sku.shop_id in owners]
    for sku in skus:
        owner = owners[sku.shop_id]
        for code, steps in LADDERS.items():
            ladder = [(quantity, _percent_of(sku.price, bp)) for quantity, bp in steps]
            services.set_group_ladder(owner, sku, groups[code], ladder)
        for code, quantity in MINIMUMS.items():
            services.set_minimum(owner, sku, groups[code], quantity)
    return len(skus)


@transaction.atomic
def _member_prices() -> int:
    skus = _demo_skus(MEMBER_PRICE_SHOPS, MEMBER_PRICE_SKUS_PER_SHOP, by="sku")
    owners = _owners(skus)
    skus = [sku for sku in skus if sku.shop_id in owners]
    for sku in skus:
        prices = [(rank, _percent_of(sku.price, bp)) for rank, bp in MEMBER_PRICES]
        services.set_member_prices(owners[sku.shop_id], sku, prices)
    return len(skus)
