"""Every change to a cart, one transaction each, with the cart row locked so concurrent requests
of one shopper apply one after the other."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.cart import selectors
from mall.cart.errors import CartError, SkuNotFound
from mall.cart.models import MAX_LINE_QUANTITY, MAX_LINES, Cart, CartLine
from mall.cart.rules import (
    LINE_RELATED,
    max_quantity,
    unavailability,
)
from mall.catalog.models import Sku

GUEST_CART_IDLE_DAYS = 30


def user_cart(user: AbstractBaseUser) -> Cart:
    cart, _created = Cart.objects.get_or_create(user=user)
    return cart


def create_guest_cart() -> Cart:
    return Cart.objects.create(user=None)


@dataclass(frozen=True)
class Added:
    line: CartLine
    lines: list[CartLine]  # the whole cart after the change, as `selectors.cart_lines` reads it


@transaction.atomic
def add(cart: Cart, sku_id: int, quantity: int) -> Added:
    """Put `quantity` of the SKU in the cart, on top of what the cart already holds of it. The
    cart's lines are read once, for the checks and for showing the cart afterwards."""
    _lock(cart)
    require_quantity(quantity)
    lines, sku = selectors.lines_with_sku(cart, sku_id)
    sku = _sellable(sku)
    line = next((line for line in lines if line.sku_id == sku.pk), None)
    held = line.quantity if line else 0
    limit = max_quantity(sku)
    if held + quantity > limit:
        raise CartError(_too_many(limit, held))
    if line is None:
        if len(lines) >= MAX_LINES:
            raise CartError(_("购物车最多放 %(count)s 种商品，请先清理") % {"count": MAX_LINES})
        line = cart.lines.create(
            sku=sku, title=str(sku)[:200], quantity=quantity, price_when_added=sku.price
        )
        lines.insert(0, line)  # the newest line comes first
    else:
        line.quantity = held + quantity
        line.save(update_fields=["quantity", "updated_at"])
    return Added(line, lines)


@transaction.atomic
def set_quantity(cart: Cart, line_id: int, quantity: int) -> CartLine:
    _lock(cart)
    require_quantity(quantity)
    line = _line(cart, line_id, related=True)
    if unavailability(line.sku) is not None:
        raise CartError(_("商品已失效，不能修改数量"))
    limit = max_quantity(line.sku)
    if quantity > limit:
        raise CartError(_too_many(limit))
    line.quantity = quantity
    line.save(update_fields=["quantity", "updated_at"])
    return line


@transaction.atomic
def remove(cart: Cart, line_id: int) -> None:
    _lock(cart)
    _line(cart, line_id).delete()


@transaction.atomic
def select_line(cart: Cart, line_id: int, selected: bool) -> None:
    _lock(cart)
    line = _line(cart, line_id, related=True)
    if selected and unavailability(line.sku) is not None:
        raise CartError(_("商品已失效，不能勾选"))
    line.selected = selected
    line.save(update_fields=["selected", "updated_at"])


@transaction.atomic
def select_many(cart: Cart, selected: bool, shop_id: int | None = None) -> int:
    """Tick or untick every line (of one shop when `shop_id` is given); lines that cannot be
    bought are never ticked. Returns how many lines changed."""
    _lock(cart)
    lines = cart.lines.select_related(*LINE_RELATED)
    if shop_id is not None:
        lines = lines.filter(sku__shop_id=shop_id)
    changed = [
        line
        for line in lines
        if line.selected != selected and (not selected or unavailability(line.sku) is None)
    ]
    for line in changed:
        line.selected = selected
    CartLine.objects.bulk_update(changed, ["selected"])
    return len(changed)


def remove_skus(user: AbstractBaseUser, sku_ids: Collection[int]) -> int:
    """Take these SKUs out of the user's cart (after an order for them has been placed): one
    DELETE, atomic by itself, so inside the caller's transaction it needs no savepoint."""
    deleted, _by_model = CartLine.objects.filter(cart__user=user, sku_id__in=sku_ids).delete()
    return deleted


@transaction.atomic
def merge_guest_cart(guest: Cart, user: AbstractBaseUser) -> Cart:
    """At login the guest's lines join the account's cart: quantities of the same SKU add up,
    capped at what one line may hold; nothing is dropped. The guest cart is then deleted."""
    account = user_cart(user)
    for cart in sorted((guest, account), key=lambda c: c.pk):
        _lock(cart)
    held = {line.sku_id: line for line in account.lines.filter(sku__isnull=False)}
    for line in guest.lines.select_related(*LINE_RELATED):
        mine = held.get(line.sku_id)
        if mine is None:
            line.cart = account
            line.save(update_fields=["cart", "updated_at"])
            continue
        mine.quantity = _merged_quantity(mine.quantity, line.quantity, line.sku)
        mine.selected = mine.selected or line.selected
        mine.save(update_fields=["quantity", "selected", "updated_at"])
    guest.delete()
    return account


@transaction.atomic
def purge_guest_carts(idle_days: int = GUEST_CART_IDLE_DAYS) -> int:
    """Delete guest carts nobody has touched for `idle_days` (their sessions are long gone)."""
    cutoff = timezone.now() - timedelta(days=idle_days)
    deleted, _by_model = Cart.objects.filter(user=None, updated_at__lt=cutoff).delete()
    return deleted


def require_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise CartError(_("数量必须是整数"))
    if quantity < 1:
        raise CartError(_("数量至少为 1 件"))
    if quantity > MAX_LINE_QUANTITY:
        raise CartError(_too_many(MAX_LINE_QUANTITY))
    return quantity


def _merged_quantity(mine: int, theirs: int, sku: Sku) -> int:
    cap = max_quantity(sku) if unavailability(sku) is None else MAX_LINE_QUANTITY
    return max(1, min(mine + theirs, max(cap, mine)))


def _too_many(limit: int, held: int = 0) -> str:
    if limit <= 0:
        return _("商品已售罄")
    if held:
        return _("购物车里已有 %(held)s 件，此商品最多可购买 %(limit)s 件") % {
            "held": held,
            "limit": limit,
        }
    return _("此商品最多可购买 %(limit)s 件") % {"limit": limit}


def _sellable(sku: Sku | None) -> Sku:
    if sku is None:
        raise SkuNotFound(_("商品不存在"))
    problem = unavailability(sku)
    if problem is not None:
        raise CartError(problem.label)
    return sku


def _line(cart: Cart, line_id: int, *, related: bool = False) -> CartLine:
    lines = cart.lines.all()
    if related:
        lines = lines.select_related(*LINE_RELATED)
    line = lines.filter(pk=line_id).first()
    if line is None:
        raise Http404(_("购物车里没有这件商品"))
    return line


def _lock(cart: Cart) -> None:
    """Lock the cart row until the transaction ends (an UPDATE holds its row lock)."""
    if not Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now()):
        raise Http404(_("购物车已失效，请刷新页面"))
