"""Writes: a paid order counted into the buyer's spend and level, the operator's settings of a
shopper (group, tags, level), and a shop's price lists. One transaction each."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.catalog.cache import bump_catalog_generation
from mall.catalog.models import Sku
from mall.membership import checks, selectors
from mall.membership.models import (
    CustomerGroup,
    CustomerProfile,
    GroupPrice,
    MemberLevel,
    MemberPrice,
    MinimumOrderQuantity,
    SpendRecord,
)
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm, allows

MAX_TAGS = 20
MAX_TAG_LENGTH = 16


def _locked_profile(user_id: int) -> CustomerProfile:
    """The shopper's profile, created on first need, locked for this transaction."""
    CustomerProfile.objects.get_or_create(user_id=user_id)
    return CustomerProfile.objects.select_for_update().get(user_id=user_id)


# --- spend and levels -------------------------------------------------------------------------


@transaction.atomic
def record_paid_order(order) -> bool:
    """Count a paid order into its buyer's spend: its total is added once (a replay finds its
    SpendRecord and adds nothing), paid orders + 1, and the level rises to what the spend now
    reaches, unless an operator locked it; a level never falls here. True when counted now."""
    profile = _locked_profile(order.buyer_id)
    _record, created = SpendRecord.objects.get_or_create(
        order_id=order.pk,
        defaults={"user_id": order.buyer_id, "amount": order.total,
                  "at": order.paid_at or timezone.now()},
    )  # fmt: skip
    if not created:
        return False
    profile.cumulative_spend += order.total
    profile.paid_orders += 1
    if not profile.level_locked:
        profile.member_rank = max(
            profile.member_rank, selectors.earned_rank(profile.cumulative_spend)
        )
    profile.save(update_fields=["cumulative_spend", "paid_orders", "member_rank", "updated_at"])
    return True


@transaction.atomic
def promote_by_spend() -> int:
    """Raise every unlocked shopper to the highest level their spend reaches (after levels are
    created or a threshold is lowered); never lowers one. The number of shoppers raised."""
    raised = 0
    for level in MemberLevel.objects.order_by("-rank"):
        raised += CustomerProfile.objects.filter(
            level_locked=False, cumulative_spend__gte=level.threshold, member_rank__lt=level.rank
        ).update(member_rank=level.rank, updated_at=timezone.now())
    return raised


@transaction.atomic
def set_group(user, group: CustomerGroup | None) -> CustomerProfile:
    profile = _locked_profile(user.pk)
    profile.group = group
    profile.save(update_fields=["group", "updated_at"])
    return profile


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Stripped, distinct, in the given order; too many or too long is refused."""
    cleaned = list(dict.fromkeys(tag.strip() for tag in tags if tag and tag.strip()))
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(_("标签最多 %(count)s 个") % {"count": MAX_TAGS})
    if any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise ValidationError(_("每个标签最多 %(length)s 个字") % {"length": MAX_TAG_LENGTH})
    return cleaned


@transaction.atomic
def set_tags(user, tags: Iterable[str]) -> CustomerProfile:
    profile = _locked_profile(user.pk)
    profile.tags = clean_tags(tags)
    profile.save(update_fields=["tags", "updated_at"])
    return profile


@transaction.atomic
def set_level(user, rank: int, *, locked: bool = True) -> CustomerProfile:
    """The operator's choice of level. Locked, spend no longer moves it; unlocked, spend raises
    it again from here on."""
    if not MemberLevel.objects.filter(rank=rank).exists():
        raise ValidationError(_("会员等级不存在"))
    profile = _locked_profile(user.pk)
    profile.member_rank = rank
    profile.level_locked = locked
    profile.save(update_fields=["member_rank", "level_locked", "updated_at"])
    return profile


# --- a shop's price lists ---------------------------------------------------------------------


def _require_own_sku(member: ShopMember, sku: Sku) -> None:
    """The member may edit prices and the SKU is their shop's, or 404 like the pages."""
    if not allows(member, Perm.EDIT_PRICES) or sku.shop_id != member.shop_id:
        raise Http404


def _refuse(problems: list[str], prefix: str = "") -> None:
    if problems:
        raise ValidationError([f"{prefix}{problem}" for problem in problems])


@transaction.atomic
def set_group_ladder(
    member: ShopMember, sku: Sku, group: CustomerGroup, steps: Sequence[tuple[int, int]]
) -> None:
    """Replace the group's ladder of this SKU with `steps` of (min quantity, unit price in
    fen); no steps removes it."""
    _require_own_sku(member, sku)
    _refuse(checks.ladder_problems(sku.price, steps), _("%(group)s：") % {"group": group.name})
    GroupPrice.objects.filter(sku=sku, group=group).delete()
    GroupPrice.objects.bulk_create(
        GroupPrice(sku=sku, group=group, min_quantity=quantity, unit_price=price)
        for quantity, price in sorted(steps)
    )


@transaction.atomic
def set_minimum(member: ShopMember, sku: Sku, group: CustomerGroup, quantity: int | None) -> None:
    """The group's minimum order quantity of this SKU; None removes it."""
    _require_own_sku(member, sku)
    if quantity is None:
        MinimumOrderQuantity.objects.filter(sku=sku, group=group).delete()
        return
    _refuse(checks.minimum_problems(quantity), _("%(group)s：") % {"group": group.name})
    MinimumOrderQuantity.objects.update_or_create(
        sku=sku, group=group, defaults={"quantity": quantity}
    )


@transaction.atomic
def set_member_prices(member: ShopMember, sku: Sku, prices: Sequence[tuple[int, int]]) -> None:
    """Replace the SKU's member prices with (min rank, unit price in fen); none removes them.
    Listings show a 会员价 tag, so cached pages are refreshed after commit."""
    _require_own_sku(member, sku)
    names = dict(MemberLevel.objects.values_list("rank", "name"))
    _refuse(checks.member_price_problems(sku.price, prices, names))
    MemberPrice.objects.filter(sku=sku).delete()
    MemberPrice.objects.bulk_create(
        MemberPrice(sku=sku, min_rank=rank, unit_price=price) for rank, price in sorted(prices)
    )
    transaction.on_commit(bump_catalog_generation)


@dataclass(frozen=True)
class SkuPriceLists:
    """Everything the seller's edit page sets for one SKU: ladders and minimum quantities by
    group code (a group left out has neither), member prices as (rank, price)."""

    ladders: Mapping[str, Sequence[tuple[int, int]]] = field(default_factory=dict)
    minimums: Mapping[str, int] = field(default_factory=dict)
    member_prices: Sequence[tuple[int, int]] = ()


@transaction.atomic
def save_sku_price_lists(member: ShopMember, sku: Sku, lists: SkuPriceLists) -> None:
    """Set every group's ladder and minimum and the member prices of the SKU at once: all of it
    is saved, or (on any refusal) none of it."""
    changes = []
    for group in CustomerGroup.objects.order_by("pk"):
        ladder = lists.ladders.get(group.code, ())
        changes.append(partial(set_group_ladder, member, sku, group, ladder))
        changes.append(partial(set_minimum, member, sku, group, lists.minimums.get(group.code)))
    changes.append(partial(set_member_prices, member, sku, lists.member_prices))
    problems = [problem for change in changes for problem in _problems_of(change)]
    if problems:
        raise ValidationError(problems)


def _problems_of(change) -> list[str]:
    """Run one change in a savepoint; its refusal is collected so the page shows every problem
    at once (the caller's transaction is then abandoned by raising them together)."""
    try:
        with transaction.atomic():
            change()
    except ValidationError as error:
        return error.messages
    return []
