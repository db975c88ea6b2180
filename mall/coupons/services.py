"""Every write to coupons, one transaction each.

Issuing locks the template row (so one shopper's per-person limit cannot be beaten by parallel
requests) and moves `issued_count` by a conditional UPDATE the database also checks against the
total. Using and returning a coupon are conditional UPDATEs of the wallet row: whoever changes
the row first wins, everyone else is told the coupon is gone.
"""

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.coupons.errors import ClaimsRateLimited, CouponError, CouponUnavailable
from mall.coupons.limits import CLAIMS_PER_USER
from mall.coupons.models import (
    Channel,
    CouponCode,
    CouponOrder,
    CouponTemplate,
    Source,
    SpendPeriod,
    UserCoupon,
    normalize_code,
)
from mall.coupons.selectors import held_by
from mall.merchants.models import Shop

Status = CouponTemplate.Status
PUBLIC_SOURCES = {Source.CENTRE, Source.PRODUCT, Source.SHOP}


# --- issuing -----------------------------------------------------------------------------------


def claim(user, template: CouponTemplate, *, source: str = Source.CENTRE) -> UserCoupon:
    """A shopper takes a public coupon (领券中心, product or shop page). CouponError says why
    not: not claimable (any more, or yet), the shopper's limit, sold out, too many claims."""
    if source not in PUBLIC_SOURCES:
        raise ValueError(f"not a claim source: {source}")
    _count_claim(user)
    with transaction.atomic():
        locked = _lock(template)
        if locked.channel != Channel.PUBLIC:
            raise CouponError(_("该优惠券不能直接领取"))
        if locked.shop_id and locked.shop.status != Shop.Status.OPEN:
            raise CouponError(_("店铺暂停营业，暂时不能领券"))
        _check_claim_window(locked, timezone.now())
        ordinal = held_by(user, locked) + 1
        return _issue_locked(user, locked, source=source, key=f"claim:{locked.pk}:{ordinal}")


def redeem_code(user, raw_code: str) -> UserCoupon:
    """A shopper types a code (兑换码): each code once per shopper, within its redemptions."""
    _count_claim(user)
    code = normalize_code(raw_code)
    if not code:
        raise CouponError(_("请输入兑换码"))
    with transaction.atomic():
        found = CouponCode.objects.select_related("template").filter(code=code).first()
        if found is None:
            raise CouponError(_("兑换码不存在，请检查后重新输入"))
        locked = _lock(found.template)
        key = f"code:{found.pk}"
        if UserCoupon.objects.filter(user=user, key=key).exists():
            raise CouponError(_("你已兑换过这个兑换码"))
        _check_claim_window(locked, timezone.now())
        redeemed = CouponCode.objects.filter(
            Q(max_redemptions__isnull=True) | Q(redeemed_count__lt=F("max_redemptions")),
            pk=found.pk,
        ).update(redeemed_count=F("redeemed_count") + 1)
        if not redeemed:
            raise CouponError(_("兑换码已被兑换完"))
        return _issue_locked(user, locked, source=Source.CODE, key=key)


def issue(user, template: CouponTemplate, *, source: str, key: str) -> UserCoupon | None:
    """Give a shopper a coupon for a reason of ours (registration, first order, a reward, an
    operator). The same key twice gives the same coupon (keys are unique per shopper: name the
    template in them); None when the template refuses (not active, sold out, limit reached,
    validity over) or the key was used for another template."""
    try:
        with transaction.atomic():
            locked = _lock(template)
            existing = UserCoupon.objects.filter(user=user, key=key, template=locked).first()
            if existing is not None:
                return existing
            if locked.status != Status.ACTIVE:
                return None
            return _issue_locked(user, locked, source=source, key=key)
    except CouponError:
        return None


def issue_batch(template: CouponTemplate, user_ids: Sequence[int], *, key: str) -> int:
    """Operator bulk issue (定向发放) to these shoppers: one coupon each, once per `key`,
    skipping shoppers at their limit, as far as the total allows. Returns how many were issued."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(template)
        if locked.status != Status.ACTIVE or _validity_over(locked, now):
            return 0
        receivers = _below_limit(locked, user_ids, key)
        if locked.remaining is not None:
            receivers = receivers[: locked.remaining]
        if not receivers:
            return 0
        _take_quantity(locked, len(receivers))
        valid_from, valid_until = locked.validity_for(now)
        UserCoupon.objects.bulk_create(
            UserCoupon(
                template=locked,
                user_id=user_id,
                valid_from=valid_from,
                valid_until=valid_until,
                claimed_at=now,
                source=Source.BULK,
                key=key,
            )
            for user_id in receivers
        )
        return len(receivers)


def _below_limit(template: CouponTemplate, user_ids: Sequence[int], key: str) -> list[int]:
    """The shoppers of `user_ids` (in order, once each) who hold fewer of the template's coupons
    than its per-person limit and have not had this batch yet."""
    ids = list(dict.fromkeys(user_ids))
    rows = UserCoupon.objects.filter(template=template, user_id__in=ids)
    held: dict[int, int] = {}
    done = set()
    for user_id, coupon_key in rows.values_list("user_id", "key"):
        held[user_id] = held.get(user_id, 0) + 1
        if coupon_key == key:
            done.add(user_id)
    limit = template.per_user_limit
    return [i for i in ids if i not in done and held.get(i, 0) < limit]


def _lock(template: CouponTemplate) -> CouponTemplate:
    return CouponTemplate.objects.select_for_update().get(pk=template.pk)


def _count_claim(user) -> None:
    wait = CLAIMS_PER_USER.hit(str(user.pk))
    if wait:
        raise ClaimsRateLimited(
            _("领券太频繁了，请 %(seconds)d 秒后再试") % {"seconds": wait}, retry_after=wait
        )


def _check_claim_window(template: CouponTemplate, now: datetime) -> None:
    if template.status == Status.PAUSED:
        raise CouponError(_("该优惠券暂停发放"))
    if template.status == Status.ENDED:
        raise CouponError(_("该优惠券已结束发放"))
    if template.claim_starts_at and now < template.claim_starts_at:
        starts = timezone.localtime(template.claim_starts_at).strftime("%m-%d %H:%M")
        raise CouponError(_("该优惠券 %(time)s 开始领取") % {"time": starts})
    if template.claim_ends_at and now >= template.claim_ends_at:
        raise CouponError(_("该优惠券已停止领取"))


def _validity_over(template: CouponTemplate, now: datetime) -> bool:
    return (
        not template.valid_days
        and template.valid_until is not None
        and (template.valid_until <= now)
    )


def _issue_locked(user, template: CouponTemplate, *, source: str, key: str) -> UserCoupon:
    """Issue one coupon of a template locked by the caller, or CouponError."""
    now = timezone.now()
    if _validity_over(template, now):
        raise CouponError(_("该优惠券已过有效期"))
    if held_by(user, template) >= template.per_user_limit:
        raise CouponError(_("每人限领 %(limit)d 张，你已领取") % {"limit": template.per_user_limit})
    _take_quantity(template, 1)
    valid_from, valid_until = template.validity_for(now)
    try:
        with transaction.atomic():
            return UserCoupon.objects.create(
                template=template, user=user, valid_from=valid_from, valid_until=valid_until,
                claimed_at=now, source=source, key=key,
            )  # fmt: skip
    except IntegrityError as exc:  # the same key: issued meanwhile
        raise CouponError(_("你已领取过该优惠券")) from exc


def _take_quantity(template: CouponTemplate, count: int) -> None:
    taken = CouponTemplate.objects.filter(
        Q(total_quantity__isnull=True) | Q(total_quantity__gte=F("issued_count") + count),
        pk=template.pk,
    ).update(issued_count=F("issued_count") + count)
    if not taken:
        raise CouponError(_("优惠券已被抢光了"))
    template.issued_count += count


# --- automatic triggers ------------------------------------------------------------------------


def grant_registration_gifts(user) -> list[UserCoupon]:
    """A new shopper's 注册礼包: every active registration template, once."""
    return _grant(user, Channel.REGISTRATION, Source.REGISTRATION, lambda t: "registration")


def grant_first_order_gifts(user) -> list[UserCoupon]:
    """首单奖励: every active first-order template, once per shopper ever."""
    return _grant(user, Channel.FIRST_ORDER, Source.FIRST_ORDER, lambda t: "first_order")


def grant_spend_rewards(user, spend_in: Mapping[str, int], *, at: datetime) -> list[UserCoupon]:
    """累计消费奖励: the rewards whose threshold the shopper's spend in their period reaches
    (`spend_in` maps a SpendPeriod to fen), once per (reward, shopper, period)."""
    local = timezone.localtime(at)
    labels = {
        SpendPeriod.ALL: "all",
        SpendPeriod.YEAR: f"{local:%Y}",
        SpendPeriod.MONTH: f"{local:%Y-%m}",
    }
    reached = [
        template
        for template in _active(Channel.SPEND_REWARD)
        if spend_in.get(template.spend_period, 0) >= template.spend_threshold
    ]
    return _issue_each(
        user, reached, Source.SPEND_REWARD, lambda t: f"spend_reward:{labels[t.spend_period]}"
    )


def _active(channel: str) -> list[CouponTemplate]:
    return list(CouponTemplate.objects.filter(channel=channel, status=Status.ACTIVE))


def _grant(user, channel: str, source: str, suffix) -> list[UserCoupon]:
    return _issue_each(user, _active(channel), source, suffix)


def _issue_each(user, templates: Iterable[CouponTemplate], source: str, suffix) -> list:
    issued = (
        issue(user, template, source=source, key=f"{suffix(template)}:{template.pk}")
        for template in templates
    )
    return [coupon for coupon in issued if coupon is not None]


# --- checkout ----------------------------------------------------------------------------------


def consume(
    user, coupon_ids: Sequence[int], *, order_ids_by_shop: Mapping[int | None, list[int]]
) -> None:
    """Inside the checkout's transaction: these coupons of this shopper go from unused to used,
    each recording its orders (a shop's coupon that shop's orders; a platform coupon every
    order). A coupon someone else used first (or that expired, or is not theirs) raises
    CouponUnavailable and the caller's transaction rolls back."""
    ids = sorted(set(coupon_ids))
    if not ids:
        return
    now = timezone.now()
    with transaction.atomic():
        used = (
            UserCoupon.objects.unexpired(now)
            .filter(pk__in=ids, user=user, status=UserCoupon.Status.UNUSED)
            .update(status=UserCoupon.Status.USED, used_at=now)
        )
        if used != len(ids):
            raise CouponUnavailable(_("所选优惠券已被使用或已过期，请刷新后重新选择"))
        _record_orders(ids, order_ids_by_shop)


def _record_orders(ids: list[int], order_ids_by_shop: Mapping[int | None, list[int]]) -> None:
    every_order = sorted({o for orders in order_ids_by_shop.values() for o in orders})
    coupons = UserCoupon.objects.filter(pk__in=ids).select_related("template")
    uses = []
    for coupon in coupons:
        shop_id = coupon.template.shop_id
        orders = sorted(order_ids_by_shop.get(shop_id, ())) if shop_id else every_order
        coupon.order_ids = orders
        uses += [CouponOrder(coupon=coupon, order_id=order_id) for order_id in orders]
    UserCoupon.objects.bulk_update(coupons, ["order_ids"])
    CouponOrder.objects.bulk_create(uses)


def return_for_orders(order_ids: Sequence[int]) -> None:
    """These unpaid orders were cancelled: a coupon whose orders are now all cancelled goes back
    to unused if its template returns coupons and it has not expired. Idempotent."""
    if not order_ids:
        return
    now = timezone.now()
    with transaction.atomic():
        uses = CouponOrder.objects.filter(order_id__in=order_ids, cancelled=False)
        coupon_ids = sorted(set(uses.values_list("coupon_id", flat=True)))
        if not coupon_ids:
            return
        locked = UserCoupon.objects.select_for_update().filter(
            pk__in=coupon_ids, status=UserCoupon.Status.USED
        )
        held = list(locked.order_by("pk").values_list("pk", flat=True))
        CouponOrder.objects.filter(order_id__in=order_ids, coupon_id__in=held).update(
            cancelled=True
        )
        returnable = (
            UserCoupon.objects.unexpired(now)
            .filter(pk__in=held, template__return_on_cancel=True)
            .exclude(uses__cancelled=False)
        )
        back = list(returnable.values_list("pk", flat=True))
        CouponOrder.objects.filter(coupon_id__in=back).delete()
        UserCoupon.objects.filter(pk__in=back).update(
            status=UserCoupon.Status.UNUSED, used_at=None, order_ids=[]
        )


# --- templates (merchant and operator) ---------------------------------------------------------


def create_template(template: CouponTemplate, *, actor) -> CouponTemplate:
    """Save a new template after its checks (`clean` raises ValidationError)."""
    template.created_by = actor
    template.full_clean()
    template.save()
    return template


def set_status(template: CouponTemplate, status: str) -> CouponTemplate:
    """Pause, resume or end issuing. Coupons already issued stay usable until they expire; an
    ended template never issues again."""
    with transaction.atomic():
        locked = _lock(template)
        if locked.status == Status.ENDED and status != Status.ENDED:
            raise CouponError(_("已结束的优惠券不能再发放"))
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        return locked


def bulk_issue(template: CouponTemplate, segment) -> str:
    """Queue 定向发放 of `template` to a `segments.Segment` once this transaction commits;
    returns the run's key (the coupons' `key`)."""
    from mall.coupons.tasks import issue_to_segment

    key = f"bulk:{secrets.token_hex(6)}"
    transaction.on_commit(lambda: issue_to_segment.delay(template.pk, segment.to_dict(), key))
    return key
