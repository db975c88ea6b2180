from mall.customers.models import SmsCode, User


def user_by_mobile(mobile: str) -> User | None:
    return User.objects.filter(mobile=mobile).first()


def latest_login_code(mobile: str) -> SmsCode | None:
    """The newest code sent to the number; sending a new code retires the older ones."""
    return SmsCode.objects.filter(mobile=mobile).order_by("-created_at", "-pk").first()
