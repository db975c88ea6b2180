"""/api/cart: the same cart as the pages (account cart, or the guest cart of the session).
No authentication (guests have carts); CSRF token on writes; another shopper's line is a 404."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.utils import check_csrf

from mall.api.present import money, shop
from mall.api.schemas import Error
from mall.cart import schemas, selectors, services
from mall.cart.errors import CartError
from mall.cart.identity import cart_for_writing, current_cart
from mall.cart.models import Cart
from mall.cart.selectors import LineView
from mall.core.promo_text import adjustment_text, hint_text

router = Router(tags=["购物车"])  # guests have a cart too: no authentication required
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def present_line(view: LineView) -> schemas.Line:
    line, sku = view.line, view.sku
    return schemas.Line(
        id=line.pk,
        sku_id=line.sku_id,
        product_id=sku.product_id if sku else None,
        title=line.title,
        quantity=line.quantity,
        max_quantity=view.max_quantity,
        selected=line.selected,
        purchasable=view.purchasable,
        unit_price=money(view.unit_price),
        price_when_added=money(line.price_when_added),
        subtotal=money(view.subtotal),
        discount=money(view.price.discount if view.price else 0),
        total=money(view.price.total if view.price else view.subtotal),
        promotions=[
            schemas.Promotion(key=a.key, amount=money(a.amount), text=adjustment_text(a))
            for a in (view.price.adjustments if view.price else ())
        ],
        problems=[schemas.Problem(code=p.value, label=p.label) for p in view.problems],
    )


def present_cart(contents: selectors.CartContents) -> schemas.Cart:
    return schemas.Cart(
        item_count=sum(view.line.quantity for view in contents.lines),
        shops=[
            schemas.ShopLines(
                shop=shop(group.shop),
                all_selected=group.all_selected,
                lines=[present_line(view) for view in group.lines],
            )
            for group in contents.shops
        ],
        gone=[present_line(view) for view in contents.gone],
        selected_count=len(contents.selected),
        goods=money(contents.breakdown.goods),
        discount=money(contents.breakdown.discount),
        total=money(contents.breakdown.total),
        hints=[hint_text(hint) for hint in contents.breakdown.hints],
    )


def changed(request: HttpRequest, change: Callable[[], selectors.CartContents]) -> schemas.Cart:
    """Apply a write (refused without the CSRF token in the X-CSRFToken header) and show the
    cart it leaves."""
    if check_csrf(request):
        raise HttpError(403, _("CSRF 校验失败，请刷新页面后重试"))
    try:
        contents = change()
    except CartError as error:
        raise HttpError(error.status, error.message) from None
    return present_cart(contents)


def existing_cart(request: HttpRequest) -> Cart:
    cart = current_cart(request)
    if cart is None:
        raise HttpError(404, _("购物车里没有这件商品"))
    return cart


@router.get("", response={200: schemas.Cart, **ERRORS}, summary="购物车", operation_id="cart")
def get_cart(request: HttpRequest):
    return present_cart(selectors.cart_contents(current_cart(request)))


@router.post(
    "/lines",
    response={200: schemas.Cart, **ERRORS},
    summary="加入购物车",
    description="同一 SKU 再次加入时数量累加；数量不超过库存与每件限购（99）。",
    operation_id="cart_add",
)
def add_line(request: HttpRequest, body: schemas.AddLine):
    def change() -> selectors.CartContents:
        added = services.add(cart_for_writing(request), body.sku_id, body.quantity)
        return selectors.contents_of(added.lines, request.user)

    return changed(request, change)


@router.patch(
    "/lines/{line_id}",
    response={200: schemas.Cart, **ERRORS},
    summary="修改数量或勾选",
    operation_id="cart_change",
)
def change_line(request: HttpRequest, line_id: int, body: schemas.ChangeLine):
    cart = existing_cart(request)

    def change() -> selectors.CartContents:
        if body.quantity is not None:
            services.set_quantity(cart, line_id, body.quantity)
        if body.selected is not None:
            services.select_line(cart, line_id, body.selected)
        return selectors.cart_contents(cart)

    return changed(request, change)


@router.delete(
    "/lines/{line_id}",
    response={200: schemas.Cart, **ERRORS},
    summary="删除商品",
    operation_id="cart_remove",
)
def remove_line(request: HttpRequest, line_id: int):
    cart = existing_cart(request)

    def change() -> selectors.CartContents:
        services.remove(cart, line_id)
        return selectors.cart_contents(cart)

    return changed(request, change)


@router.post(
    "/select",
    response={200: schemas.Cart, **ERRORS},
    summary="全选 / 店铺全选",
    operation_id="cart_select",
)
def select(request: HttpRequest, body: schemas.Select):
    cart = existing_cart(request)

    def change() -> selectors.CartContents:
        services.select_many(cart, body.selected, body.shop_id)
        return selectors.cart_contents(cart)

    return changed(request, change)
