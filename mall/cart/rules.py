"""What a cart line may be: whether its SKU can be bought and how many of it."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from mall.cart.models import MAX_LINE_QUANTITY
from mall.catalog.models import Product, Sku


class Problem(StrEnum):
    SKU_GONE = "sku_gone"
    SHOP_CLOSED = "shop_closed"
    OFF_SHELF = "off_shelf"
    OUT_OF_STOCK = "out_of_stock"
    OVER_STOCK = "over_stock"
    PRICE_CHANGED = "price_changed"

    @property
    def label(self) -> str:
        return str(PROBLEM_LABELS[self])

    @property
    def blocks_purchase(self) -> bool:
        return self is not Problem.PRICE_CHANGED


PROBLEM_LABELS = {
    Problem.SKU_GONE: _("商品已失效"),
    Problem.SHOP_CLOSED: _("店铺已关闭"),
    Problem.OFF_SHELF: _("商品已下架"),
    Problem.OUT_OF_STOCK: _("已售罄"),
    Problem.OVER_STOCK: _("库存不足"),
    Problem.PRICE_CHANGED: _("价格有变动"),
}

# What a SKU needs to be fetched with so the checks below run without further queries.
SKU_RELATED = ("product__shop", "product__category__parent")
# The same from a cart line.
LINE_RELATED = tuple(f"sku__{related}" for related in SKU_RELATED)
# The only columns of that chain the checks, the cart's pages and API, pricing and a new order's
# lines read: a SKU read with `only(*SKU_FIELDS)` costs a fraction of the whole rows to load.
SKU_FIELDS = (
    *("product", "shop", "spec_values", "price", "stock", "weight_grams", "image", "is_active"),
    *(f"product__{name}" for name in ("shop", "category", "brand", "name", "status", "cover")),
    *(f"product__{flag}" for flag in ("is_new", "is_hot", "is_recommended")),
    *(f"product__shop__{name}" for name in ("name", "slug", "status")),
    *("product__category__is_active", "product__category__parent"),
    "product__category__parent__parent",
)
LINE_FIELDS = (
    *("cart", "sku", "title", "quantity", "selected", "price_when_added", "created_at"),
    "updated_at",
    *(f"sku__{name}" for name in SKU_FIELDS),
)


def unavailability(sku: Sku | None) -> Problem | None:
    """Why this SKU cannot be sold at all right now, or None if it can (stock aside)."""
    if sku is None or not sku.is_active:
        return Problem.SKU_GONE
    product = sku.product
    if not product.shop.is_open:
        return Problem.SHOP_CLOSED
    if product.status != Product.Status.ON_SALE or not product.category.is_active:
        return Problem.OFF_SHELF
    return None


def max_quantity(sku: Sku) -> int:
    """How many of this SKU one line may hold: its stock, up to the per-line purchase limit."""
    return max(0, min(sku.stock, MAX_LINE_QUANTITY))


def line_problems(sku: Sku | None, quantity: int, price_when_added: int) -> tuple[Problem, ...]:
    gone = unavailability(sku)
    if gone is not None:
        return (gone,)
    problems = []
    if sku.stock <= 0:
        problems.append(Problem.OUT_OF_STOCK)
    elif quantity > sku.stock:
        problems.append(Problem.OVER_STOCK)
    if sku.price != price_when_added:
        problems.append(Problem.PRICE_CHANGED)
    return tuple(problems)
