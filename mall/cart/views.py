"""Cart pages. Every action is a plain form POST that redirects back to the cart; the same
forms sent by htmx get back only what changed: a quantity change its line, shop header, summary
and the header's count; ticking and removing the cart section and the count."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.cart import selectors, services
from mall.cart.errors import CartError
from mall.cart.identity import cart_for_writing, current_cart
from mall.cart.models import Cart

MAX_DIGITS = 6


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def parse_int(raw: str | None, message: str) -> int:
    text = (raw or "").strip()
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if not digits.isascii() or not digits.isdigit() or len(digits) > MAX_DIGITS:
        raise CartError(message)
    return int(sign + digits)


def parse_quantity(raw: str | None) -> int:
    return parse_int(raw, _("数量必须是整数"))


@never_cache
@require_GET
def cart_page(request: HttpRequest) -> HttpResponse:
    contents = selectors.cart_contents(current_cart(request))
    return render(request, "cart/cart.html", {"contents": contents})


@never_cache
@require_GET
def mini_cart(request: HttpRequest) -> HttpResponse:
    """The header's cart link with its count, loaded by htmx so cached pages stay the same for
    everyone. It also sets the CSRF cookie the pages' htmx forms send back as a header."""
    get_token(request)
    count = selectors.item_count(current_cart(request))
    return render(request, "cart/_mini_cart.html", {"cart_count": count})


@never_cache
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    """POST adds; GET (the product page's form without script, which has no CSRF token in the
    cached page) shows what would be added with a button that POSTs it."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        sku_id = parse_int(source.get("sku"), _("请选择商品规格"))
        quantity = parse_quantity(source.get("qty", "1"))
        if request.method == "GET":
            return _confirm_add(request, sku_id, quantity)
        added = services.add(cart_for_writing(request), sku_id, quantity)
    except CartError as error:
        return _refuse(request, error)
    message = _("已加入购物车")
    if is_htmx(request):
        count = sum(line.quantity for line in added.lines)
        return render(request, "cart/_added.html", {"message": message, "cart_count": count})
    messages.success(request, message)
    return redirect("cart:page")


@never_cache
@require_POST
def set_quantity(request: HttpRequest, line_id: int) -> HttpResponse:
    cart = _existing_cart(request)
    try:
        step = parse_int(request.POST.get("step", "0"), _("数量必须是整数"))
        quantity = parse_quantity(request.POST.get("quantity")) + step
        services.set_quantity(cart, line_id, quantity)
    except CartError as error:
        return _refuse(request, error)
    response = _changed(request, cart)
    if is_htmx(request):  # a quantity can change other lines' shares of a 满减: redraw all
        response["HX-Retarget"] = "#cart"
        response["HX-Reswap"] = "outerHTML"
    return response


@never_cache
@require_POST
def remove(request: HttpRequest, line_id: int) -> HttpResponse:
    cart = _existing_cart(request)
    services.remove(cart, line_id)
    return _changed(request, cart)


@never_cache
@require_POST
def select(request: HttpRequest) -> HttpResponse:
    """Tick or untick one line (`line`), one shop's lines (`shop`) or everything."""
    cart = _existing_cart(request)
    selected = request.POST.get("selected") == "1"
    try:
        if request.POST.get("line"):
            line_id = parse_int(request.POST["line"], _("商品编号无效"))
            services.select_line(cart, line_id, selected)
        else:
            shop = request.POST.get("shop")
            shop_id = parse_int(shop, _("店铺编号无效")) if shop else None
            services.select_many(cart, selected, shop_id=shop_id)
    except CartError as error:
        return _refuse(request, error)
    return _changed(request, cart)


def _existing_cart(request: HttpRequest) -> Cart:
    cart = current_cart(request)
    if cart is None:
        raise Http404(_("购物车里没有这件商品"))
    return cart


def _changed(request: HttpRequest, cart: Cart) -> HttpResponse:
    if not is_htmx(request):
        return redirect("cart:page")
    contents = selectors.cart_contents(cart)
    context = {"contents": contents, "cart_count": selectors.item_count(cart)}
    return render(request, "cart/_changed.html", context)


def _confirm_add(request: HttpRequest, sku_id: int, quantity: int) -> HttpResponse:
    preview = selectors.sku_preview(sku_id)
    if preview is None:
        raise Http404(_("商品不存在"))
    return render(request, "cart/add.html", {"sku": preview, "quantity": quantity})


def _refuse(request: HttpRequest, error: CartError) -> HttpResponse:
    """htmx: the message goes into the page's notice slot; plain forms: the cart page with it."""
    if is_htmx(request):
        context = {"message": error.message}
        response = render(request, "cart/_notice.html", context, status=error.status)
        response["HX-Retarget"] = "#cart-notice"
        response["HX-Reswap"] = "innerHTML"
        return response
    contents = selectors.cart_contents(current_cart(request))
    context = {"contents": contents, "error": error.message}
    return render(request, "cart/cart.html", context, status=error.status)
