"""The back office's writes: the shop's profile and decoration, and its staff. Each checks the
member's permission itself (a view's check is not the only gate) and runs in one transaction.

Staff rows are `merchants.ShopMember`s; they are written here rather than in merchants'
services so that the staff page's rules (who may invite whom, the owner stays) live together."""

from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from mall.backoffice.errors import BackofficeError
from mall.backoffice.models import ShopProfile
from mall.catalog.services import check_image_upload, shop_changed
from mall.core.images import BadImage
from mall.customers.errors import AccountError
from mall.customers.services import account_for_mobile
from mall.merchants.models import Shop, ShopMember
from mall.merchants.permissions import Perm, allows
from mall.notifications.services import enqueue_sms

Role = ShopMember.Role
STAFF_ROLES = (Role.MANAGER, Role.OPERATIONS, Role.SERVICE, Role.SHIPPING)  # what owners give
STAFF_INVITED_TEMPLATE = "STAFF_INVITED"


def _require(member: ShopMember, perm: Perm) -> None:
    if not allows(member, perm):
        raise Http404


# --- shop profile -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileInput:
    intro: str
    service_hours: str
    service_phone: str
    announcement: str
    logo: File | None = None  # None: keep the current one
    banner: File | None = None


@transaction.atomic
def update_shop_profile(member: ShopMember, data: ProfileInput) -> ShopProfile:
    """Change the shop's introduction, logo and banner (only those of its fields) and its
    service details; its storefront pages are rebuilt after commit."""
    _require(member, Perm.EDIT_SHOP)
    for upload in (data.logo, data.banner):
        if upload is not None:
            _check_image(upload)
    shop = Shop.objects.select_for_update().get(pk=member.shop_id)
    shop.intro = data.intro
    fields = ["intro", "updated_at"]
    for field, upload in (("logo", data.logo), ("banner", data.banner)):
        if upload is not None:
            getattr(shop, field).save(upload.name, upload, save=False)
            fields.append(field)
    shop.save(update_fields=fields)
    profile, _created = ShopProfile.objects.update_or_create(
        shop=shop,
        defaults={
            "service_hours": data.service_hours,
            "service_phone": data.service_phone,
            "announcement": data.announcement,
        },
    )
    shop_changed(shop)
    return profile


def _check_image(upload: File) -> None:
    try:
        check_image_upload(upload)
    except BadImage as exc:
        raise BackofficeError(str(exc)) from exc


# --- staff ------------------------------------------------------------------------------------


@transaction.atomic
def invite_staff(owner: ShopMember, *, mobile: str, role: str) -> ShopMember:
    """Give the person with this mobile number a role in the owner's shop (their account is
    registered now if they have none) and text them about it. A person works for one shop."""
    _require(owner, Perm.MANAGE_STAFF)
    role = _staff_role(role)
    try:
        user = account_for_mobile(mobile)
    except AccountError as exc:
        raise BackofficeError(exc.message) from exc
    current = ShopMember.objects.filter(user=user).first()
    if current is not None:
        raise BackofficeError(
            _("该手机号已是本店员工")
            if current.shop_id == owner.shop_id
            else _("该手机号已在其他店铺任职，一个账号只能加入一家店铺")
        )
    try:
        with transaction.atomic():
            member = ShopMember.objects.create(shop_id=owner.shop_id, user=user, role=role)
    except IntegrityError as exc:  # invited elsewhere at the same moment
        raise BackofficeError(_("该手机号已在其他店铺任职，一个账号只能加入一家店铺")) from exc
    _text_invitation(member, owner.shop)
    return member


def _text_invitation(member: ShopMember, shop: Shop) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # the provider's templates are Chinese
        role = str(Role(member.role).label)
    enqueue_sms(
        key=f"staff-invited:{member.pk}",
        phone=member.user.mobile,
        template=STAFF_INVITED_TEMPLATE,
        params={"shop": shop.name, "role": role},
    )


@transaction.atomic
def change_role(owner: ShopMember, member_id: int, role: str) -> ShopMember:
    _require(owner, Perm.MANAGE_STAFF)
    member = _lock_staff(owner, member_id)
    member.role = _staff_role(role)
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def remove_staff(owner: ShopMember, member_id: int) -> None:
    _require(owner, Perm.MANAGE_STAFF)
    _lock_staff(owner, member_id).delete()


def _lock_staff(owner: ShopMember, member_id: int) -> ShopMember:
    """A member of the owner's shop other than its owner (404 for anyone else's)."""
    member = (
        ShopMember.objects.select_for_update().filter(shop_id=owner.shop_id, pk=member_id).first()
    )
    if member is None:
        raise Http404
    if not may_manage(owner, member):
        raise BackofficeError(_("店主不能被移除或更改角色"))
    return member


def may_manage(owner: ShopMember, member: ShopMember) -> bool:
    """Whether the owner may change the member's role or remove them: anyone but the owner."""
    return member.shop_id == owner.shop_id and member.role != Role.OWNER and member != owner


def _staff_role(role: str) -> str:
    if role not in STAFF_ROLES:
        raise BackofficeError(_("请选择店长、运营、客服或发货中的一个角色"))
    return role
