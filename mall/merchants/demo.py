"""Merchants in the demo mall (seed_demo): the shops' owner accounts — one 店主 per shop, who
signs in like a shopper (mobile + password) and reaches the seller pages; passwords are the
documented demo one — and `seed_demo_data`: the tiers' category commission rates, every demo
shop's deposit paid and this month's platform fee charged, and the audit row of the shops the
catalog seeds suspended."""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from mall.catalog.demo.shops import SHOPS
from mall.catalog.models import Category
from mall.merchants import selectors, services
from mall.merchants.models import Shop, ShopEvent, ShopMember, Tier, TierCommission

SELLER_PASSWORD = "hushang-seller-2026"
SELLER_MOBILE_PREFIX = "1390000"  # the n-th shop's owner is 1390000 + n as four digits


def seller_mobile(position: int) -> str:
    return f"{SELLER_MOBILE_PREFIX}{position + 1:04d}"


def ensure_shop_owners(shops: Sequence[Shop]) -> dict[int, ShopMember]:
    """The owner membership of each shop by shop id, created when missing; owners' passwords are
    reset to SELLER_PASSWORD. One hash serves every owner (the password is the same, and hashing
    is deliberately slow)."""
    users = get_user_model().objects
    password = make_password(SELLER_PASSWORD)
    owners = {}
    for position, shop in enumerate(shops):
        mobile = seller_mobile(position)
        user = users.filter(mobile=mobile).first() or users.model(username=mobile, mobile=mobile)
        user.nickname = user.nickname or f"{shop.name}店主"[:32]
        user.password = password
        user.save()
        owners[shop.pk], _created = ShopMember.objects.get_or_create(
            user=user, defaults={"shop": shop, "role": ShopMember.Role.OWNER}
        )
    return owners


# Commission by level-1 category (demo tree slug) for 普通 / 优选 / 战略合作, in basis points.
CATEGORY_RATES: dict[str, tuple[int, int, int]] = {
    "digital": (300, 250, 200),
    "appliances": (300, 250, 200),
    "books-stationery": (400, 350, 300),
    "food": (500, 450, 400),
    "baby": (600, 550, 500),
    "home": (600, 550, 500),
    "sports": (600, 550, 500),
    "household": (600, 550, 500),
    "fashion": (800, 700, 600),
    "beauty": (1000, 900, 800),
}
TIER_ORDER = (Tier.STANDARD, Tier.PREFERRED, Tier.STRATEGIC)
SUSPENSION_REASON = "演示：品牌授权到期，待补充材料"


def seed_demo_data(seed: int) -> dict[str, int]:
    """Idempotent: a second run changes nothing. `seed` is unused (nothing here is random)."""
    rates = seed_category_rates()
    shops = list(Shop.objects.filter(slug__in=[demo.slug for demo in SHOPS]).select_related("tier"))
    deposits = sum(_pay_deposit(shop) for shop in shops)
    month = timezone.localdate().replace(day=1)
    fees = sum(services.charge_platform_fee(shop.pk, month) for shop in shops)
    suspended = [shop for shop in shops if shop.status == Shop.Status.SUSPENDED]
    for shop in suspended:
        _record_suspension(shop)
    return {
        "店铺等级": Tier.objects.count(),
        "类目佣金（新建）": rates,
        "保证金到账（新建）": deposits,
        "平台服务费（本月新扣）": fees,
        "已暂停店铺": len(suspended),
    }


def seed_category_rates() -> int:
    """The tiers' rates for the demo's level-1 categories; returns how many were created."""
    roots = Category.objects.filter(level=1, slug__in=CATEGORY_RATES)
    created = 0
    for category in roots:
        for tier, rate in zip(TIER_ORDER, CATEGORY_RATES[category.slug], strict=True):
            _row, made = TierCommission.objects.get_or_create(
                tier_id=tier, category=category, defaults={"rate_bp": rate}
            )
            created += made
    return created


def _pay_deposit(shop: Shop) -> bool:
    due = selectors.balances(shop).deposit_due
    if not due:
        return False
    return services.record_deposit(
        shop, amount=due, source="cash:bank", reference=f"demo-{shop.slug}"
    )


def _record_suspension(shop: Shop) -> None:
    """The catalog seeds some shops suspended; their history says why."""
    ShopEvent.objects.get_or_create(
        shop=shop, kind=ShopEvent.Kind.SUSPENDED,
        defaults={"from_value": Shop.Status.OPEN, "to_value": Shop.Status.SUSPENDED,
                  "reason": SUSPENSION_REASON},
    )  # fmt: skip
