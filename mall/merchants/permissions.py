"""What each shop role may do in the back office. Every /seller/ view and every merchant-side
service asks here (never compares role names itself), so the matrix below is the whole rule."""

from enum import StrEnum

from mall.merchants.models import ShopMember

Role = ShopMember.Role


class Perm(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_ORDERS = "view_orders"
    SHIP_ORDERS = "ship_orders"
    CANCEL_ORDERS = "cancel_orders"
    REFUND = "refund"
    HANDLE_AFTERSALES = "handle_aftersales"
    EDIT_PRODUCTS = "edit_products"
    EDIT_PRICES = "edit_prices"
    EDIT_STOCK = "edit_stock"
    MANAGE_FREIGHT = "manage_freight"
    MANAGE_PROMOTIONS = "manage_promotions"
    VIEW_MONEY = "view_money"
    EDIT_SHOP = "edit_shop"
    MANAGE_STAFF = "manage_staff"
    READ_LEARNING = "read_learning"


_EVERYONE = {Perm.VIEW_DASHBOARD, Perm.VIEW_ORDERS, Perm.READ_LEARNING}
_OPERATIONS = {
    Perm.EDIT_PRODUCTS,
    Perm.EDIT_PRICES,
    Perm.EDIT_STOCK,
    Perm.MANAGE_FREIGHT,
    Perm.MANAGE_PROMOTIONS,
    Perm.SHIP_ORDERS,
}
_SERVICE = {Perm.REFUND, Perm.HANDLE_AFTERSALES, Perm.CANCEL_ORDERS}
_MANAGER = _OPERATIONS | _SERVICE | {Perm.VIEW_MONEY, Perm.EDIT_SHOP}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.OWNER: frozenset(_EVERYONE | _MANAGER | {Perm.MANAGE_STAFF}),
    Role.MANAGER: frozenset(_EVERYONE | _MANAGER),
    Role.OPERATIONS: frozenset(_EVERYONE | _OPERATIONS),
    Role.SERVICE: frozenset(_EVERYONE | _SERVICE),
    Role.SHIPPING: frozenset(_EVERYONE | {Perm.SHIP_ORDERS, Perm.EDIT_STOCK}),
}


def allows(member: ShopMember | None, perm: Perm) -> bool:
    return member is not None and perm in ROLE_PERMISSIONS.get(member.role, frozenset())


def roles_with(perm: Perm) -> frozenset[str]:
    return frozenset(role for role, perms in ROLE_PERMISSIONS.items() if perm in perms)
