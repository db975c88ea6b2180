"""Who an operator's bulk issue (定向发放) goes to: all shoppers, members of a rank and up, a
customer group, shoppers with a tag, or buyers of the last N days, in batches of user ids.

Membership facts are read one shopper at a time through `membership.selectors.shopper_for`
(its public read); fine for a background task, and it keeps membership's tables its own.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BATCH_SIZE = 500


class SegmentKind(models.TextChoices):
    ALL = "all", _("全部买家")
    MIN_RANK = "min_rank", _("会员等级不低于")
    GROUP = "group", _("客户分组")
    TAG = "tag", _("买家标签")
    RECENT_BUYERS = "recent_buyers", _("最近 N 天下过单")


@dataclass(frozen=True)
class Segment:
    """`value`: the rank number, group code, tag, or number of days, by `kind`."""

    kind: str
    value: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def admits(self, shopper) -> bool:
        """Whether a `pricing.Shopper` belongs (kinds decided by membership facts)."""
        if self.kind == SegmentKind.MIN_RANK:
            return shopper.member_rank >= int(self.value)
        if self.kind == SegmentKind.GROUP:
            return shopper.group == self.value
        if self.kind == SegmentKind.TAG:
            return self.value in shopper.tags
        return True


def user_id_batches(segment: Segment, size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """The segment's active shoppers (no staff), in batches by rising id."""
    users = _base(segment)
    last = 0
    while True:
        batch = list(users.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        last = batch[-1].pk
        chosen = [user.pk for user in batch if _admits(segment, user)]
        if chosen:
            yield chosen


def _base(segment: Segment):
    users = get_user_model().objects.filter(is_active=True, is_staff=False)
    if segment.kind == SegmentKind.RECENT_BUYERS:
        from mall.orders.models import Order

        since = timezone.now() - timedelta(days=int(segment.value))
        buyers = Order.objects.filter(paid_at__gte=since).values("buyer_id")
        users = users.filter(pk__in=buyers)
    return users.only("pk")


def _admits(segment: Segment, user) -> bool:
    if segment.kind in {SegmentKind.ALL, SegmentKind.RECENT_BUYERS}:
        return True
    from mall.membership.selectors import shopper_for

    return segment.admits(shopper_for(user))
