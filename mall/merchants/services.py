"""Every change of a shop the mall makes: opening it, its tier, suspension, reopening and
closing, its 保证金 and the monthly platform fee. One transaction each, each recorded as a
ShopEvent (who, when, from what to what, why).

Deposit: a tier sets the 保证金 a shop owes. Opening a shop posts nothing — the deposit is due,
not paid — and `balances(shop).deposit_due` is what is still owed (the tier's deposit minus what
the `deposit:<shop>` account holds). `record_deposit` posts the money when it arrives (ledger.md,
posting 6: Dr gateway or bank, Cr deposit); `close` pays it back (Dr deposit, Cr bank)."""

import datetime as dt

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.catalog import services as catalog_services
from mall.core.images import BadImage
from mall.core.money import format_fen
from mall.customers import services as customer_services
from mall.customers.errors import AccountError
from mall.ledger import selectors as ledger_selectors
from mall.ledger.services import Line, post
from mall.merchants import selectors
from mall.merchants.errors import MerchantError
from mall.merchants.models import Shop, ShopEvent, ShopMember, Tier
from mall.notifications.services import enqueue_sms
from mall.orders import selectors as order_selectors

Kind = ShopEvent.Kind
Status = Shop.Status
SHOP_OPENED_TEMPLATE = "SHOP_OPENED"
# The owner's SMS after each operator decision (templates in notifications.backends).
OWNER_TEMPLATES = {
    Kind.TIER_CHANGED: "SHOP_TIER_CHANGED",
    Kind.SUSPENDED: "SHOP_SUSPENDED",
    Kind.REOPENED: "SHOP_REOPENED",
    Kind.CLOSED: "SHOP_CLOSED",
}
DEPOSIT_SOURCES = ("gateway:", "cash:bank")
REASON_MAX_LENGTH = 200


@transaction.atomic
def open_shop(
    *, name: str, tier: Tier | str, owner_mobile: str, owner_name: str = "",
    logo: File | None = None, intro: str = "", actor=None, note: str = "",
) -> Shop:  # fmt: skip
    """A new open shop on `tier`, its owner's account (found or registered by mobile) as its
    店主, an audit row, and the SMS "店铺已开通" to the owner."""
    name = name.strip()
    tier = _tier(tier)
    if not name:
        raise MerchantError(_("请填写店铺名称"))
    if Shop.objects.filter(name=name).exists():
        raise MerchantError(_("店铺名称“%(name)s”已被使用") % {"name": name})
    owner = _new_owner(owner_mobile, owner_name)
    if logo:
        _check_logo(logo)
    try:
        with transaction.atomic():
            shop = Shop.objects.create(
                name=name, slug=catalog_services.unique_slug(Shop, name), tier=tier,
                logo=logo or "", intro=intro,
            )  # fmt: skip
    except IntegrityError as exc:  # the same name opened a moment ago
        raise MerchantError(_("店铺名称“%(name)s”已被使用") % {"name": name}) from exc
    ShopMember.objects.create(shop=shop, user=owner, role=ShopMember.Role.OWNER)
    _record(shop, Kind.OPENED, actor, note, to_value=tier.code, amount=tier.deposit)
    enqueue_sms(
        key=f"shop-opened:{shop.pk}",
        phone=owner.mobile,
        template=SHOP_OPENED_TEMPLATE,
        params={"shop": shop.name, "deposit": format_fen(tier.deposit)},
    )
    return shop


def _tier(tier: Tier | str) -> Tier:
    if isinstance(tier, Tier):
        return tier
    found = Tier.objects.filter(code=tier).first()
    if found is None:
        raise MerchantError(_("没有这个店铺等级：%(code)s") % {"code": tier})
    return found


def _new_owner(mobile: str, name: str):
    try:
        owner = customer_services.account_for_mobile(mobile)
    except AccountError as exc:
        raise MerchantError(exc.message) from exc
    membership = ShopMember.objects.select_related("shop").filter(user=owner).first()
    if membership is not None:
        raise MerchantError(
            _("手机号 %(mobile)s 已是“%(shop)s”的成员，一个账号只能属于一家店铺")
            % {"mobile": owner.mobile, "shop": membership.shop.name}
        )
    if name and not owner.nickname:
        owner.nickname = name[: customer_services.NICKNAME_MAX_LENGTH]
        owner.save(update_fields=["nickname"])
    return owner


def _check_logo(logo: File) -> None:
    try:
        catalog_services.check_image_upload(logo)
    except BadImage as exc:
        raise MerchantError(_("店铺标志：%(problem)s") % {"problem": exc}) from exc


@transaction.atomic
def change_tier(shop: Shop, tier: Tier | str, *, actor, reason: str) -> Shop:
    """Move the shop to another tier: its commission rates apply to orders placed from now on,
    its platform fee from the next monthly charge; more deposit may fall due (a surplus stays
    held and goes back when the shop closes)."""
    shop = _lock(shop)
    tier = _tier(tier)
    reason = _require_reason(reason)
    if shop.status == Status.CLOSED:
        raise MerchantError(_("店铺已关闭，不能调整等级"))
    if shop.tier_id == tier.code:
        raise MerchantError(_("店铺已经是“%(tier)s”等级") % {"tier": tier.name})
    old = shop.tier_id
    shop.tier = tier
    shop.save(update_fields=["tier", "updated_at"])
    event = _record(shop, Kind.TIER_CHANGED, actor, reason, from_value=old, to_value=tier.code)
    _notify_owner(shop, event, tier=tier.name)
    catalog_services.shop_changed(shop)  # the storefront shows the tier's badge
    return shop


@transaction.atomic
def suspend(shop: Shop, *, actor, reason: str) -> Shop:
    """Stop the shop's trade: every product on sale goes off shelf and, as the shop is no longer
    open, the storefront hides it and carts and checkout refuse its goods."""
    shop = _lock(shop)
    reason = _require_reason(reason)
    if shop.status != Status.OPEN:
        raise MerchantError(_("只有营业中的店铺可以暂停"))
    catalog_services.take_off_shelf_all(shop)
    _set_status(shop, Status.SUSPENDED, Kind.SUSPENDED, actor, reason)
    return shop


@transaction.atomic
def reopen(shop: Shop, *, actor, reason: str = "") -> Shop:
    """A suspended shop trades again; its products stay off shelf until the merchant puts
    them back on sale."""
    shop = _lock(shop)
    if shop.status != Status.SUSPENDED:
        raise MerchantError(_("只有已暂停的店铺可以恢复营业"))
    _set_status(shop, Status.OPEN, Kind.REOPENED, actor, reason.strip())
    return shop


@transaction.atomic
def close(shop: Shop, *, actor, reason: str) -> Shop:
    """Close the shop for good, once nothing is left to settle: no order of it unsettled and a
    zero payable balance. Its products go off shelf and its deposit is paid back."""
    shop = _lock(shop)
    reason = _require_reason(reason)
    if shop.status == Status.CLOSED:
        raise MerchantError(_("店铺已经关闭"))
    unsettled = order_selectors.unsettled_orders(shop.pk).count()
    if unsettled:
        raise MerchantError(
            _("店铺还有 %(count)s 笔订单未结算，全部结算后才能关闭") % {"count": unsettled}
        )
    payable = selectors.balances(shop).payable
    if payable:
        raise MerchantError(
            _("店铺待结算余额为 %(amount)s，须先结清才能关闭") % {"amount": format_fen(payable)}
        )
    catalog_services.take_off_shelf_all(shop)
    _refund_deposit(shop, actor)
    _set_status(shop, Status.CLOSED, Kind.CLOSED, actor, reason)
    return shop


def _refund_deposit(shop: Shop, actor) -> None:
    held = selectors.balances(shop).deposit
    if held <= 0:
        return
    reference = selectors.shop_reference(shop.pk)
    post(
        f"deposit-refund:{shop.pk}",
        [
            Line(selectors.deposit_account(shop.pk), held, reference),
            Line("cash:bank", -held, reference),
        ],
        memo=_("退还保证金"),
    )
    _record(shop, Kind.DEPOSIT_REFUNDED, actor, "", amount=held)


@transaction.atomic
def record_deposit(shop: Shop, *, amount: int, source: str, reference: str, actor=None) -> bool:
    """The shop paid (part of) its deposit: `source` is the account the money came into (a
    gateway or the bank), `reference` the payment's number there, which makes the posting
    once-only. Returns False for a replay."""
    shop = _lock(shop)
    reference = reference.strip()
    if not reference:
        raise MerchantError(_("请填写付款流水号"))
    if not source.startswith(DEPOSIT_SOURCES):
        raise MerchantError(_("保证金只能从支付渠道或银行账户收取"))
    reason = f"deposit:{shop.pk}:{reference}"[:100]
    if ledger_selectors.is_posted(reason):
        return False
    due = selectors.balances(shop).deposit_due
    if not 0 < amount <= due:
        raise MerchantError(
            _("本次保证金须大于 0 且不超过应缴的 %(due)s") % {"due": format_fen(due)}
        )
    ref = selectors.shop_reference(shop.pk)
    post(
        reason,
        [Line(source, amount, ref), Line(selectors.deposit_account(shop.pk), -amount, ref)],
        memo=_("缴纳保证金"),
    )
    _record(shop, Kind.DEPOSIT_PAID, actor, reference, amount=amount)
    return True


def fee_reason(shop_id: int, month: dt.date) -> str:
    return f"fee:{shop_id}:{month:%Y-%m}"


def charge_platform_fee(shop_id: int, month: dt.date) -> bool:
    """The month's platform fee of the shop's tier, from its payable balance: once per shop and
    month (a replay posts nothing), not for a closed shop or one opened after the month. Returns
    whether a fee was charged now."""
    with transaction.atomic():
        shop = Shop.objects.select_for_update().select_related("tier").filter(pk=shop_id).first()
        opened_by_then = shop is not None and timezone.localdate(shop.created_at) <= _month_end(
            month
        )
        if not opened_by_then or shop.status == Status.CLOSED:
            return False
        fee = shop.tier.platform_fee_monthly
        reason = fee_reason(shop.pk, month)
        if fee <= 0 or ledger_selectors.is_posted(reason):
            return False
        post(
            reason,
            [
                Line(selectors.payable_account(shop.pk), fee, f"{month:%Y-%m}"),
                Line(selectors.PLATFORM_FEE_ACCOUNT, -fee, selectors.shop_reference(shop.pk)),
            ],
            memo=_("平台服务费（%(tier)s）") % {"tier": shop.tier.name},
        )
        _record(shop, Kind.FEE_CHARGED, None, f"{month:%Y-%m}", amount=fee)
    return True


def _month_end(month: dt.date) -> dt.date:
    next_month = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def _lock(shop: Shop) -> Shop:
    return Shop.objects.select_for_update().select_related("tier").get(pk=shop.pk)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MerchantError(_("请填写原因"))
    if len(reason) > REASON_MAX_LENGTH:
        raise MerchantError(_("原因最多 %(max)s 个字") % {"max": REASON_MAX_LENGTH})
    return reason


def _set_status(shop: Shop, status: str, kind: str, actor, reason: str) -> None:
    old = shop.status
    shop.status = status
    shop.save(update_fields=["status", "updated_at"])
    event = _record(shop, kind, actor, reason, from_value=old, to_value=status)
    _notify_owner(shop, event, reason=reason or "—")


def _notify_owner(shop: Shop, event: ShopEvent, **params) -> None:
    """The owner's SMS about an operator's decision, queued with it (once per event)."""
    owner = shop.members.select_related("user").filter(role=ShopMember.Role.OWNER).first()
    if owner is None or not owner.user.mobile:
        return
    enqueue_sms(
        key=f"shop-event:{event.pk}",
        phone=owner.user.mobile,
        template=OWNER_TEMPLATES[event.kind],
        params={"shop": shop.name, **params},
    )


def _record(
    shop: Shop, kind: str, actor, reason: str, *, from_value: str = "", to_value: str = "",
    amount: int = 0,
) -> ShopEvent:  # fmt: skip
    return ShopEvent.objects.create(
        shop=shop, kind=kind, actor=actor if getattr(actor, "pk", None) else None,
        reason=reason[:REASON_MAX_LENGTH], from_value=from_value, to_value=to_value, amount=amount,
    )  # fmt: skip
