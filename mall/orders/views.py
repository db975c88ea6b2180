"""Buyer pages (checkout, my orders) and seller pages (my shop's orders, shipping). Thin:
parse, call a service or selector, render. Anyone else's order answers 404."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.cart.models import MAX_LINE_QUANTITY
from mall.customers import selectors as customer_selectors
from mall.merchants.permissions import Perm, allows
from mall.merchants.selectors import require_membership
from mall.orders import checkout, selectors, services
from mall.orders.errors import OrderError
from mall.orders.forms import MAX_ID, CheckoutForm, ShipForm, coupon_choice
from mall.payments import services as payment_services
from mall.payments.selectors import payment_methods
from mall.pricing.breakdown import CouponOption
from mall.pricing.rules import Coupon

PAGE_SIZE = 10
CANCEL_REASONS = (
    gettext_lazy("商品缺货"),
    gettext_lazy("无法配送到收货地址"),
    gettext_lazy("买家要求取消"),
    gettext_lazy("商品信息有误"),
)
TAB_LABELS = {
    "": gettext_lazy("全部"),
    "unpaid": gettext_lazy("待付款"),
    "paid": gettext_lazy("待发货"),
    "shipped": gettext_lazy("待收货"),
    "completed": gettext_lazy("已完成"),
    "cancelled": gettext_lazy("已取消"),
}


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("status", "")
    return tab if tab in selectors.STATUS_TABS else ""


def _page(request: HttpRequest, orders):
    return Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))


# --- checkout ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def checkout_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _submit_checkout(request)
    form = CheckoutForm(initial={"token": uuid.uuid4().hex, **request.GET.dict()})
    return _render_checkout(request, form, _chosen_address_id(request, request.GET))


def _submit_checkout(request: HttpRequest) -> HttpResponse:
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        return _render_checkout(request, form, _chosen_address_id(request, request.POST), 400)
    try:
        orders = checkout.place_orders(
            user=request.user, request=form.checkout_request(), key=form.cleaned_data["token"]
        )
    except OrderError as error:
        form = CheckoutForm(initial={**request.POST.dict(), "token": uuid.uuid4().hex})
        return _render_checkout(
            request, form, form.initial.get("address"), error.status, error.message
        )
    return redirect(checkout.payment_url(orders[0]))


def _chosen_address_id(request: HttpRequest, data) -> int | None:
    chosen = _id_param(data.get("address", ""), MAX_ID)
    if chosen is not None:
        return chosen
    default = customer_selectors.default_address(request.user)
    return default.pk if default else None


def _render_checkout(
    request: HttpRequest, form: CheckoutForm, address_id, status: int = 200, error: str = ""
) -> HttpResponse:
    addresses = list(customer_selectors.addresses_of(request.user))
    address = next((a for a in addresses if str(a.pk) == str(address_id)), None)
    preview = None
    data = request.POST or request.GET
    try:
        preview = checkout.preview(
            request.user, _buy_now_items(data), address.region_code if address else None,
            _coupon_choice(data),
        )  # fmt: skip
    except OrderError as problem:  # nothing to buy, or it can no longer be bought
        error = error or problem.message
    context = {
        "form": form,
        "addresses": addresses,
        "address": address,
        "preview": preview,
        "coupon_rows": _coupon_rows(preview) if preview else [],
        "error": error,
        "gateways": payment_methods(),
    }
    return render(request, "orders/checkout.html", context, status=status)


@dataclass(frozen=True)
class CouponRow:
    option: CouponOption
    coupon: Coupon


def _coupon_rows(preview: checkout.CheckoutPreview) -> list[CouponRow]:
    """The wallet at this checkout: usable coupons first, the best saving first."""
    options = sorted(
        preview.breakdown.coupon_options, key=lambda o: (not o.usable, -o.discount, o.coupon_id)
    )
    return [CouponRow(option, preview.coupons[option.coupon_id]) for option in options]


def _coupon_choice(data) -> tuple[int, ...] | None:
    """The buyer's ticked coupons; a malformed choice falls back to the best ones."""
    try:
        return coupon_choice(data)
    except ValidationError:
        return None


def _buy_now_items(data) -> tuple[checkout.CheckoutItem, ...] | None:
    """立即购买 (?sku=&qty=) or, without a SKU, None: the cart's selection."""
    sku = _id_param(data.get("sku", ""), MAX_ID)
    if sku is None:
        return None
    quantity = _id_param(data.get("qty", ""), MAX_LINE_QUANTITY) or 1
    return (checkout.CheckoutItem(sku, quantity),)


def _id_param(value: str, limit: int) -> int | None:
    """A positive whole number of ASCII digits up to `limit`, else None (never ValueError: '²'
    is a digit to str.isdigit, not to int)."""
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= limit:
        return None
    return int(value)


# --- buyer's orders ---------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    tab = _tab(request)
    page = _page(request, selectors.buyer_orders(request.user, tab))
    context = {"page": page, "tabs": TAB_LABELS, "tab": tab}
    return render(request, "orders/order_list.html", context)


@never_cache
@login_required
@require_GET
def order_detail(request: HttpRequest, no: str) -> HttpResponse:
    order = selectors.buyer_order(request.user, no)
    context = {"order": order, "actions": services.buyer_actions(order)}
    return render(request, "orders/order_detail.html", context)


@login_required
@require_GET
def pay(request: HttpRequest, no: str) -> HttpResponse:
    try:
        payment = checkout.pending_payment_for(request.user, no)
    except OrderError as error:
        messages.error(request, error.message)
        return redirect("orders:detail", no=no)
    return redirect(payment_services.cashier_url(payment))


def _buyer_action(action, success: str):
    @login_required
    @require_POST
    def view(request: HttpRequest, no: str) -> HttpResponse:
        try:
            action(request.user, no)
        except OrderError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(success))
        return redirect("orders:detail", no=no)

    return view


cancel = _buyer_action(services.cancel_by_buyer, gettext_lazy("订单已取消"))
confirm = _buyer_action(services.confirm_receipt, gettext_lazy("已确认收货，感谢购物"))


@login_required
@require_POST
def delete(request: HttpRequest, no: str) -> HttpResponse:
    try:
        services.delete_for_buyer(request.user, no)
    except OrderError as error:
        messages.error(request, error.message)
        return redirect("orders:detail", no=no)
    messages.success(request, _("订单已删除"))
    return redirect("orders:list")


# --- seller -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def seller_order_list(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user)
    tab, search = _tab(request), request.GET.get("q", "")[:40]
    page = _page(request, selectors.shop_orders(member.shop_id, tab, search))
    context = {"page": page, "tabs": TAB_LABELS, "tab": tab, "q": search, "member": member}
    return render(request, "orders/seller_order_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def seller_order_detail(request: HttpRequest, no: str) -> HttpResponse:
    member = require_membership(request.user)
    order = selectors.shop_order(member.shop_id, no)
    can_ship = services.can_ship(member, order)
    form = ShipForm(request.POST or None, order=order)
    if request.method == "POST":
        if not can_ship:
            raise Http404
        if form.is_valid():
            try:
                services.ship(
                    member, no, carrier=form.cleaned_data["carrier"],
                    tracking_no=form.cleaned_data["tracking_no"], quantities=form.quantities(),
                )  # fmt: skip
            except OrderError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已发货"))
                return redirect("orders:seller_detail", no=no)
    context = {
        "order": order, "form": form, "member": member, "can_ship": can_ship,
        "refundable": services.refundable_lines(member, order),
        "can_cancel": services.can_cancel_for_shop(member, order),
        "cancel_reasons": CANCEL_REASONS,
    }  # fmt: skip
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "orders/seller_order_detail.html", context, status=status)


@login_required
@require_POST
def seller_refund_line(request: HttpRequest, no: str, line_id: int) -> HttpResponse:
    member = require_membership(request.user)
    try:
        services.refund_line(member, no, line_id)
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已退款，库存已退回"))
    return redirect("orders:seller_detail", no=no)


@never_cache
@login_required
@require_GET
def seller_packing_list(request: HttpRequest, no: str) -> HttpResponse:
    """发货单: a page to print and put in the parcel (no prices: a parcel may be a gift)."""
    member = require_membership(request.user)
    if not (allows(member, Perm.VIEW_ORDERS) or allows(member, Perm.SHIP_ORDERS)):
        raise Http404
    order = selectors.shop_order(member.shop_id, no)
    return render(request, "orders/seller_packing_list.html", {"order": order, "member": member})


@login_required
@require_POST
def seller_cancel(request: HttpRequest, no: str) -> HttpResponse:
    member = require_membership(request.user, Perm.CANCEL_ORDERS)
    try:
        services.cancel_by_shop(member, no, request.POST.get("reason", ""))
    except OrderError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("订单已取消，已通知买家"))
    return redirect("orders:seller_detail", no=no)
