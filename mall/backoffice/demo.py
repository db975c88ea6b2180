"""seed_demo's back office: a service profile for every demo shop, and a team for the demo
seller's shop (the first shop's owner, 13900000001) invited through the staff service, with the
documented seller password so each role can be tried. Idempotent."""

from django.contrib.auth.hashers import make_password

from mall.backoffice import services
from mall.backoffice.models import ShopProfile
from mall.catalog.demo import shops as demo_shops
from mall.merchants.demo import SELLER_PASSWORD, seller_mobile
from mall.merchants.models import Shop, ShopMember

Role = ShopMember.Role
STAFF = (  # mobile, role
    ("13901000001", Role.MANAGER),
    ("13901000002", Role.OPERATIONS),
    ("13901000003", Role.SERVICE),
    ("13901000004", Role.SHIPPING),
)
SERVICE_HOURS = ("每天 09:00–21:00", "周一至周五 09:00–18:00", "每天 10:00–22:00")


def seed_demo_data(seed: int) -> dict[str, int]:
    """`seed` is unused: profiles and staff are fixed."""
    return {"店铺资料": _profiles(), "店铺员工（新建）": _staff()}


def _profiles() -> int:
    shops = Shop.objects.filter(slug__in=[demo.slug for demo in demo_shops.SHOPS]).order_by("pk")
    for position, shop in enumerate(shops):
        ShopProfile.objects.get_or_create(
            shop=shop,
            defaults={
                "service_hours": SERVICE_HOURS[position % len(SERVICE_HOURS)],
                "service_phone": f"021-6321 {1000 + position:04d}",
                "announcement": "双十二全店满 199 包邮，下午 4 点前付款当天发货。",
            },
        )
    return ShopProfile.objects.filter(shop__in=shops).count()


def _staff() -> int:
    """None without the demo seller (seed_demo's orders step makes the shops' owners)."""
    owner = ShopMember.objects.filter(user__mobile=seller_mobile(0), role=Role.OWNER).first()
    if owner is None:
        return 0
    taken = set(
        ShopMember.objects.filter(user__mobile__in=[m for m, _r in STAFF]).values_list(
            "user__mobile", flat=True
        )
    )
    invited = [
        services.invite_staff(owner, mobile=mobile, role=role)
        for mobile, role in STAFF
        if mobile not in taken
    ]
    password = make_password(SELLER_PASSWORD)
    for member in invited:
        member.user.password = password
        member.user.save(update_fields=["password"])
    return len(invited)
