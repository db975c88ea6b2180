"""Reads about shops and the people who work for them."""

from django.http import Http404

from mall.merchants.models import Shop, ShopMember


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


def require_membership(user, roles: set[str] | None = None) -> ShopMember:
    """The seller's membership, or 404 (never 403: a seller page must not confirm it exists)."""
    member = membership_of(user)
    if member is None or (roles is not None and member.role not in roles):
        raise Http404
    return member
