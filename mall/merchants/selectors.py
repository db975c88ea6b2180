"""Reads about shops and the people who work for them."""

from django.http import Http404

from mall.merchants.models import Shop, ShopMember
from mall.merchants.permissions import Perm, allows


def membership_of(user) -> ShopMember | None:
    """The user's place in a shop that is not closed, or None for shoppers and operators."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ShopMember.objects.select_related("shop")
        .exclude(shop__status=Shop.Status.CLOSED)
        .filter(user=user)
        .first()
    )


def require_membership(user, perm: Perm | None = None) -> ShopMember:
    """The seller's membership, or 404 when there is none or its role lacks `perm` (never 403:
    a seller page must not confirm that it exists)."""
    member = membership_of(user)
    if member is None or (perm is not None and not allows(member, perm)):
        raise Http404
    return member
