"""The seller back office's navigation. Each app registers its pages in its AppConfig.ready(),
with the permission a member needs to see the link (the page itself checks the same one)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm, allows


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise | str
    perm: Perm
    order: int  # left to right


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def links_for(member: ShopMember | None, path: str) -> list[NavLink]:
    """The links this member may follow; a link is active on its page and the pages below it."""
    items = sorted(_ITEMS.values(), key=lambda item: item.order)
    links = []
    for item in items:
        if allows(member, item.perm):
            url = reverse(item.url_name)
            links.append(NavLink(str(item.label), url, _is_under(path, url)))
    return links


def _is_under(path: str, url: str) -> bool:
    return path == url or (url != "/seller/" and path.startswith(url))
