"""The demo shops' owner accounts (seed_demo): one 店主 per shop, who signs in like a shopper
(mobile + password) and reaches the seller pages. Passwords are the documented demo one."""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from mall.merchants.models import Shop, ShopMember

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
