"""Account use-cases: login codes by SMS, code and password login (the first code login of a
number registers it), password and profile changes, the address book. Views only parse and
render around these."""

import math
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.customers import limits, selectors
from mall.customers.errors import (
    AccountDisabled,
    AccountError,
    AddressError,
    ConsentRequired,
    InvalidMobile,
    LoginFailed,
    LoginLocked,
    PasswordRejected,
    RateLimited,
)
from mall.customers.models import Address, SmsCode, User, hash_login_code, normalize_mobile
from mall.customers.signals import shopper_registered
from mall.notifications.services import enqueue_sms
from mall.regions import is_district

CODE_TTL_MINUTES = 5
CODE_TTL = timedelta(minutes=CODE_TTL_MINUTES)
CODE_MAX_ATTEMPTS = 5
LOGIN_CODE_TEMPLATE = "LOGIN_CODE"
NICKNAME_MAX_LENGTH = 32
CODE_SPENT = gettext_lazy("验证码已失效，请重新获取")
CODE_BURNED = gettext_lazy("验证码错误次数过多，已失效，请重新获取")


def require_mobile(raw: str) -> str:
    mobile = normalize_mobile(raw)
    if mobile is None:
        raise InvalidMobile(_("请输入正确的手机号码"))
    return mobile


def send_login_code(raw_mobile: str, *, client_ip: str) -> int:
    """Issue a login code and queue its SMS in the same transaction (never sent from here).
    Returns the seconds before the number may ask for another code."""
    mobile = require_mobile(raw_mobile)
    _enforce_send_limits(mobile, client_ip)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        sms_code = SmsCode.objects.create(
            mobile=mobile,
            code_hash=hash_login_code(mobile, code),
            expires_at=timezone.now() + CODE_TTL,
        )
        enqueue_sms(
            key=f"login-code:{sms_code.pk}",
            phone=mobile,
            template=LOGIN_CODE_TEMPLATE,
            params={"code": code, "minutes": CODE_TTL_MINUTES},
        )
    return limits.SMS_COOLDOWN.seconds


def login_with_code(raw_mobile: str, code: str, *, consent: bool) -> User:
    """Sign in with the number's newest code. A number without an account is registered, which
    needs the shopper's consent to the privacy policy (PIPL)."""
    mobile = require_mobile(raw_mobile)
    with _login_attempt(mobile):
        sms_code = _claim_code_attempt(mobile, code)
        with transaction.atomic():
            used = SmsCode.objects.filter(pk=sms_code.pk, used_at__isnull=True)
            if not used.update(used_at=timezone.now()):
                raise LoginFailed(str(CODE_SPENT))
            return _account_for(mobile, consent=consent)


def login_with_password(raw_mobile: str, password: str) -> User:
    mobile = require_mobile(raw_mobile)
    with _login_attempt(mobile):
        user = selectors.user_by_mobile(mobile)
        if user is None:
            User().set_password(password)  # spend the same time as for a real account
        elif user.check_password(password) and user.is_active:
            return user
        raise LoginFailed(_("手机号或密码错误"))


def set_password(user: User, new_password: str, *, old_password: str = "") -> None:
    """Set a first password (accounts registered by SMS have none) or change it, which needs the
    current one; wrong guesses count towards the login lockout."""
    if user.has_usable_password():
        with _login_attempt(user.mobile or f"user-{user.pk}"):
            if not user.check_password(old_password):
                raise LoginFailed(_("当前密码不正确"))
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise PasswordRejected(" ".join(map(_password_problem, exc.error_list))) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])


def update_profile(user: User, *, nickname: str) -> User:
    nickname = " ".join(nickname.split())
    if len(nickname) > NICKNAME_MAX_LENGTH:
        raise AccountError(_("昵称最多 %(count)d 个字") % {"count": NICKNAME_MAX_LENGTH})
    user.nickname = nickname
    user.save(update_fields=["nickname"])
    return user


def _enforce_send_limits(mobile: str, client_ip: str) -> None:
    if wait := limits.SMS_PER_IP_HOURLY.hit(client_ip):
        raise RateLimited(_("当前网络获取验证码过于频繁，请稍后再试"), wait)
    if wait := limits.SMS_COOLDOWN.claim(mobile):
        raise RateLimited(_("获取验证码太频繁，请 %(seconds)d 秒后再试") % {"seconds": wait}, wait)
    if wait := limits.SMS_PER_PHONE_DAILY.hit(mobile):
        raise RateLimited(_("该手机号今天获取验证码的次数已达上限，请明天再试"), wait)


@contextmanager
def _login_attempt(subject: str) -> Iterator[None]:
    """Refuse while the account is locked; count each LoginFailed; a success clears the count."""
    if wait := limits.LOGIN_FAILURES.blocked_for(subject):
        minutes = math.ceil(wait / 60)
        message = _("登录失败次数过多，请 %(minutes)d 分钟后再试") % {"minutes": minutes}
        raise LoginLocked(message, wait)
    try:
        yield
    except LoginFailed:
        limits.LOGIN_FAILURES.hit(subject)
        raise
    limits.LOGIN_FAILURES.reset(subject)


def _claim_code_attempt(mobile: str, code: str) -> SmsCode:
    """Spend one of the code's tries (a conditional update, so parallel guesses cannot exceed
    the limit) and check the code; the fifth wrong try burns it."""
    sms_code = selectors.latest_login_code(mobile)
    if sms_code is None:
        raise LoginFailed(_("请先获取验证码"))
    if sms_code.used_at is not None:
        raise LoginFailed(str(CODE_SPENT))
    if sms_code.expires_at <= timezone.now():
        raise LoginFailed(_("验证码已过期，请重新获取"))
    tries = SmsCode.objects.filter(pk=sms_code.pk, attempts__lt=CODE_MAX_ATTEMPTS)
    if not tries.update(attempts=F("attempts") + 1):
        raise LoginFailed(str(CODE_BURNED))
    if not sms_code.matches(code):
        left = CODE_MAX_ATTEMPTS - sms_code.attempts - 1
        if left <= 0:
            raise LoginFailed(str(CODE_BURNED))
        raise LoginFailed(_("验证码错误，还可以尝试 %(count)d 次") % {"count": left})
    return sms_code


def _password_problem(error: ValidationError) -> str:
    # Django 5.2 reworded the too-short message and its zh-Hans catalogue has no translation yet.
    if error.code == "password_too_short":
        return _("密码太短，至少需要 %(min_length)d 个字符。") % error.params
    return error.messages[0]


def account_for_mobile(raw_mobile: str) -> User:
    """The account of this number, registered now when there is none: a merchant owner or
    staff member signed up by the mall or their shop, so no privacy consent is recorded for
    them. Raises InvalidMobile for a malformed number, AccountDisabled for a disabled account."""
    mobile = require_mobile(raw_mobile)
    user = selectors.user_by_mobile(mobile)
    if user is None:
        return _register(mobile, consented=False)
    if not user.is_active:
        raise AccountDisabled(_("该账户已停用，如有疑问请联系客服"))
    return user


def _account_for(mobile: str, *, consent: bool) -> User:
    user = selectors.user_by_mobile(mobile)
    if user is None:
        if not consent:
            raise ConsentRequired(_("首次登录将自动注册，请先阅读并同意《隐私政策》"))
        return _register(mobile)
    if not user.is_active:
        raise AccountDisabled(_("该账户已停用，如有疑问请联系客服"))
    return user


def _register(mobile: str, *, consented: bool = True) -> User:
    taken = User.objects.filter(username=mobile).exists()
    username = f"{mobile}-{secrets.token_hex(3)}" if taken else mobile
    user = User.objects.create_user(
        username=username, mobile=mobile,
        privacy_consented_at=timezone.now() if consented else None,
    )  # fmt: skip
    shopper_registered.send(sender=User, user=user)
    return user


# --- address book -----------------------------------------------------------------------------

MAX_ADDRESSES = 20
CONSIGNEE_MAX_LENGTH = 32
DETAIL_MAX_LENGTH = 120


@dataclass(frozen=True)
class AddressInput:
    consignee: str
    mobile: str
    region_code: str
    detail: str
    is_default: bool = False


def create_address(user: User, data: AddressInput) -> Address:
    """Add an address; the first one becomes the default."""
    fields = _clean_address(data)
    with transaction.atomic():
        _lock_address_book(user)
        count = Address.objects.filter(user=user).count()
        if count >= MAX_ADDRESSES:
            raise AddressError(
                _("最多只能保存 %(count)d 个收货地址，请先删除不用的地址")
                % {"count": MAX_ADDRESSES}
            )
        is_default = data.is_default or count == 0
        if is_default:
            Address.objects.filter(user=user, is_default=True).update(is_default=False)
        return Address.objects.create(user=user, is_default=is_default, **fields)


def update_address(user: User, address_id: int, data: AddressInput) -> Address:
    """Change an address. Unticking 默认 on the default address keeps it the default: there is
    always exactly one while the book is not empty."""
    fields = _clean_address(data)
    with transaction.atomic():
        _lock_address_book(user)
        address = selectors.get_address(user, address_id)
        for name, value in fields.items():
            setattr(address, name, value)
        if data.is_default and not address.is_default:
            _make_default(user, address)
        address.save()
    return address


def set_default_address(user: User, address_id: int) -> Address:
    with transaction.atomic():
        _lock_address_book(user)
        address = selectors.get_address(user, address_id)
        if not address.is_default:
            _make_default(user, address)
            address.save(update_fields=["is_default", "updated_at"])
    return address


def delete_address(user: User, address_id: int) -> None:
    """Delete an address; if it was the default, the most recently used one takes over."""
    with transaction.atomic():
        _lock_address_book(user)
        address = selectors.get_address(user, address_id)
        address.delete()
        if address.is_default:
            successor = selectors.addresses_of(user).order_by("-updated_at", "-pk").first()
            if successor is not None:
                Address.objects.filter(pk=successor.pk).update(is_default=True)


def _lock_address_book(user: User) -> None:
    """Serialise one user's address writes (the count limit and the single default)."""
    User.objects.select_for_update().filter(pk=user.pk).exists()


def _make_default(user: User, address: Address) -> None:
    Address.objects.filter(user=user, is_default=True).update(is_default=False)
    address.is_default = True


def _clean_address(data: AddressInput) -> dict:
    consignee = " ".join(data.consignee.split())
    detail = " ".join(data.detail.split())
    mobile = normalize_mobile(data.mobile)
    if not consignee or len(consignee) > CONSIGNEE_MAX_LENGTH:
        message = _("请填写收货人姓名（最多 %(count)d 个字）") % {"count": CONSIGNEE_MAX_LENGTH}
        raise AddressError(message, "consignee")
    if mobile is None:
        raise AddressError(_("请输入正确的手机号码"), "mobile")
    if not is_district(data.region_code):
        raise AddressError(_("请选择完整的省、市、区县"), "region_code")
    if len(detail) < 2 or len(detail) > DETAIL_MAX_LENGTH:
        message = _("请填写详细地址（街道、门牌号，最多 %(count)d 个字）") % {
            "count": DETAIL_MAX_LENGTH
        }
        raise AddressError(message, "detail")
    return {
        "consignee": consignee,
        "mobile": mobile,
        "region_code": data.region_code,
        "detail": detail,
    }
