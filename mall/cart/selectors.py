"""Reads of carts, each a fixed number of queries whatever the number of lines."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Sum
from django.utils.translation import gettext as _

from mall.cart import pricing
from mall.cart.errors import ItemsUnavailable
from mall.cart.models import Cart, CartLine
from mall.cart.rules import (
    LINE_FIELDS,
    LINE_RELATED,
    SKU_FIELDS,
    SKU_RELATED,
    Problem,
    line_problems,
    max_quantity,
    unavailability,
)
from mall.catalog.models import Sku
from mall.merchants.models import Shop
from mall.pricing import PriceBreakdown, PricedLine, PricingLine, PricingRequest, price_checkout
from mall.pricing.breakdown import Hint


@dataclass(frozen=True)
class CartItem:
    sku_id: int
    quantity: int


@dataclass
class LineView:
    line: CartLine
    problems: tuple[Problem, ...]
    price: PricedLine | None = None  # what it costs with its promotions, when it is ticked

    @property
    def sku(self) -> Sku | None:
        return self.line.sku

    @property
    def purchasable(self) -> bool:
        return not any(problem.blocks_purchase for problem in self.problems)

    @property
    def quantity_editable(self) -> bool:
        """Its quantity can change: on sale and in stock (perhaps fewer than the line holds)."""
        return all(p in {Problem.OVER_STOCK, Problem.PRICE_CHANGED} for p in self.problems)

    @property
    def over_stock(self) -> bool:
        return Problem.OVER_STOCK in self.problems

    @property
    def image(self) -> str:
        """The SKU's own picture, else the product's cover; none once the SKU is gone."""
        return (self.sku.image or self.sku.product.cover) if self.sku else ""

    @property
    def tick_locked(self) -> bool:
        """A line that cannot be bought may be unticked, never ticked."""
        return not self.purchasable and not self.line.selected

    @property
    def max_quantity(self) -> int:
        return max_quantity(self.sku) if self.sku else 0

    @property
    def unit_price(self) -> int:
        return self.sku.price if self.sku else self.line.price_when_added

    @property
    def subtotal(self) -> int:
        return self.unit_price * self.line.quantity

    @property
    def price_change(self) -> int:
        return self.unit_price - self.line.price_when_added


@dataclass
class ShopGroup:
    shop: Shop
    lines: list[LineView] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)  # what the shop's promotions still offer
    gifts: list[tuple[Sku, int]] = field(default_factory=list)  # 买赠 gifts and how many

    @property
    def all_selected(self) -> bool:
        buyable = [view for view in self.lines if view.purchasable]
        return bool(buyable) and all(view.line.selected for view in buyable)


@dataclass
class CartContents:
    shops: list[ShopGroup]
    gone: list[LineView]  # lines whose SKU no longer exists: no shop to show them under
    breakdown: PriceBreakdown
    hints: list[Hint] = field(default_factory=list)  # the platform's promotions' hints

    @property
    def lines(self) -> list[LineView]:
        return [view for group in self.shops for view in group.lines] + self.gone

    @property
    def selected(self) -> list[LineView]:
        return [view for view in self.lines if view.line.selected and view.purchasable]

    @property
    def all_selected(self) -> bool:
        return bool(self.shops) and all(group.all_selected for group in self.shops)

    @property
    def is_empty(self) -> bool:
        return not self.lines


def user_cart(user: AbstractBaseUser) -> Cart | None:
    return Cart.objects.filter(user=user).first()


def guest_cart(cart_id: object) -> Cart | None:
    if not isinstance(cart_id, int):
        return None
    return Cart.objects.filter(pk=cart_id, user=None).first()


def item_count(cart: Cart | None) -> int:
    """How many pieces the cart holds (the mini-cart's badge)."""
    if cart is None:
        return 0
    return cart.lines.aggregate(count=Sum("quantity"))["count"] or 0


def cart_lines(cart: Cart) -> list[CartLine]:
    """The cart's lines, newest first, each with what `contents_of` needs (one query)."""
    return list(cart.lines.select_related(*LINE_RELATED).only(*LINE_FIELDS))


def lines_with_sku(cart: Cart, sku_id: int) -> tuple[list[CartLine], Sku | None]:
    """The cart's lines as `cart_lines` reads them, and the SKU `sku_id` (None if there is no
    such SKU) read with theirs: two queries without joins on the lines' side, cheaper than
    `cart_lines` and a query for the SKU."""
    lines = list(cart.lines.all())
    wanted = {sku_id, *(line.sku_id for line in lines if line.sku_id is not None)}
    skus = Sku.objects.select_related(*SKU_RELATED).only(*SKU_FIELDS).in_bulk(wanted)
    for line in lines:
        if line.sku_id is not None:
            line.sku = skus.get(line.sku_id)
    return lines, skus.get(sku_id)


def cart_contents(cart: Cart | None) -> CartContents:
    """The cart's lines grouped by shop (newest first), each with its problems, and the price of
    the selected, buyable lines (freight is quoted at checkout). One query."""
    if cart is None:
        return contents_of([])
    return contents_of(cart_lines(cart), cart.user if cart.user_id else None)


def contents_of(lines: Iterable[CartLine], user=None) -> CartContents:
    """`cart_contents` of lines already read with `cart_lines`, priced for `user` (None: a
    guest) with today's promotions, price lists and the user's best coupons."""
    groups: dict[int, ShopGroup] = {}
    gone = []
    for line in lines:
        view = LineView(line, line_problems(line.sku, line.quantity, line.price_when_added))
        if line.sku is None:
            gone.append(view)
            continue
        shop = line.sku.product.shop
        groups.setdefault(shop.pk, ShopGroup(shop)).lines.append(view)
    views = [view for group in groups.values() for view in group.lines]
    breakdown = _price_selected(views, user)
    _attach_prices(groups, breakdown)
    platform_hints = [hint for hint in breakdown.hints if hint.params.get("shop_id") is None]
    return CartContents(list(groups.values()), gone, breakdown, platform_hints)


def _attach_prices(groups: dict[int, ShopGroup], breakdown: PriceBreakdown) -> None:
    """Each ticked line's promotion price, each shop's hints and gifts (the gifts' SKUs in one
    query, only when there are gifts)."""
    priced = {line.sku_id: line for shop in breakdown.shops for line in shop.lines}
    for group in groups.values():
        for view in group.lines:
            view.price = priced.get(view.sku.pk)
    for hint in breakdown.hints:
        if hint.params.get("shop_id") in groups:
            groups[hint.params["shop_id"]].hints.append(hint)
    gifts = [gift for shop in breakdown.shops for gift in shop.gifts if gift.shop_id in groups]
    skus = skus_by_id({gift.sku_id for gift in gifts}) if gifts else {}
    for gift in gifts:
        if gift.sku_id in skus:
            groups[gift.shop_id].gifts.append((skus[gift.sku_id], gift.quantity))


def sku_preview(sku_id: int) -> Sku | None:
    """A SKU with what the cart shows of it (product, shop), whether or not it is on sale."""
    return Sku.objects.select_related(*SKU_RELATED).filter(pk=sku_id).first()


def selected_items(user: AbstractBaseUser) -> list[CartItem]:
    """The ticked lines of the user's cart whose SKU still exists, oldest first."""
    rows = (
        CartLine.objects.filter(cart__user=user, selected=True, sku__isnull=False)
        .order_by("created_at", "id")
        .values_list("sku_id", "quantity")
    )
    return [CartItem(sku_id=sku_id, quantity=quantity) for sku_id, quantity in rows]


def buyable_skus(items: Sequence[CartItem]) -> dict[int, Sku]:
    """The items' SKUs by id, with their product, shop and category (one query). Raises
    ItemsUnavailable naming every item that can no longer be bought."""
    skus = (
        Sku.objects.select_related(*SKU_RELATED)
        .only(*SKU_FIELDS)
        .in_bulk([item.sku_id for item in items])
    )
    unavailable = [item.sku_id for item in items if unavailability(skus.get(item.sku_id))]
    if unavailable:
        names = "、".join(str(skus[i]) if i in skus else f"#{i}" for i in unavailable)
        raise ItemsUnavailable(
            _("以下商品已下架或失效，请返回购物车修改：%(names)s") % {"names": names}, unavailable
        )
    return skus


def skus_by_id(sku_ids: Iterable[int]) -> dict[int, Sku]:
    """SKUs with what the cart and an order line read of them (one query)."""
    return Sku.objects.select_related(*SKU_RELATED).only(*SKU_FIELDS).in_bulk(list(sku_ids))


def pricing_lines(items: Sequence[CartItem], skus: dict[int, Sku]) -> tuple[PricingLine, ...]:
    """Pricing lines for these items from their SKUs' current data (`buyable_skus`), in the
    items' order."""
    return tuple(pricing_line(skus[item.sku_id], item.quantity) for item in items)


def pricing_line(sku: Sku, quantity: int) -> PricingLine:
    product = sku.product
    return PricingLine(
        sku_id=sku.pk,
        shop_id=sku.shop_id,
        category_id=product.category_id,
        brand_id=product.brand_id,
        quantity=quantity,
        unit_price=sku.price,
        weight_grams=sku.weight_grams,
        product_id=product.pk,
        category_path=_category_path(product.category),
        tags=product.tags,
    )


def _category_path(category) -> tuple[int, ...]:
    """The category and its ancestors' ids, from the category and its parent read with the SKU
    (three levels at most: the grandparent's id is the parent's `parent_id`)."""
    parent = category.parent
    if parent is None:
        return (category.pk,)
    if parent.parent_id is None:
        return (category.pk, parent.pk)
    return (category.pk, parent.pk, parent.parent_id)


def _price_selected(views: Iterable[LineView], user) -> PriceBreakdown:
    """The ticked, buyable lines with their promotions; no freight yet (quoted at checkout)."""
    lines = tuple(
        pricing_line(view.sku, view.line.quantity)
        for view in views
        if view.line.selected and view.purchasable
    )
    if not lines:
        return price_checkout(PricingRequest(lines=(), freight_templates={}))
    context = pricing.context_for(user, [line.sku_id for line in lines])
    return context.price(lines, dict.fromkeys(line.shop_id for line in lines))
