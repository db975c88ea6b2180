from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mall.customers.models import Address, SmsCode, User


def user_by_mobile(mobile: str) -> User | None:
    return User.objects.filter(mobile=mobile).first()


def latest_login_code(mobile: str) -> SmsCode | None:
    """The newest code sent to the number; sending a new code retires the older ones."""
    return SmsCode.objects.filter(mobile=mobile).order_by("-created_at", "-pk").first()


def addresses_of(user) -> QuerySet[Address]:
    """The user's address book, the default address first."""
    return Address.objects.filter(user_id=user.pk)


def get_address(user, address_id: int) -> Address:
    """The user's address, or 404 (another user's address does not exist for them)."""
    return get_object_or_404(addresses_of(user), pk=address_id)


def default_address(user) -> Address | None:
    return addresses_of(user).filter(is_default=True).first()
