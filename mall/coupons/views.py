"""The shopper's coupon pages: 领券中心, the 领券 fragments product and shop pages load with
htmx, claiming and redeeming, and 我的优惠券. Thin: parse, call a service or selector, render."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mall.catalog.models import Product
from mall.coupons import selectors, services
from mall.coupons.cards import template_card, wallet_card
from mall.coupons.errors import ClaimsRateLimited, CouponError
from mall.coupons.forms import RedeemForm
from mall.coupons.models import Source
from mall.merchants.models import Shop

CLAIM_SOURCES = {Source.CENTRE, Source.PRODUCT, Source.SHOP}


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back_to(request: HttpRequest) -> str:
    """Where the shopper came from (`next`, or the page htmx was on) as a path, when it is
    ours."""
    target = request.POST.get("next") or request.headers.get("HX-Current-URL") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or not target:
        return resolve_url("coupons:centre")
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shopper_required(view):
    """login_required that also works for htmx: the whole page goes to the login form (a
    redirect would put the login page inside the button)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if is_htmx(request):
            login = redirect_to_login(_back_to(request), settings.LOGIN_URL)
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    return wrapper


def _offers(claimables) -> list[dict]:
    return [{"claimable": c, "card": template_card(c.template)} for c in claimables]


@require_GET
def centre(request: HttpRequest) -> HttpResponse:
    return _render_centre(request, RedeemForm())


def _render_centre(request: HttpRequest, form: RedeemForm, status: int = 200) -> HttpResponse:
    offers = _offers(selectors.centre(request.user))
    context = {
        "platform": [o for o in offers if o["claimable"].template.shop_id is None],
        "shops": [o for o in offers if o["claimable"].template.shop_id is not None],
        "form": form,
        "source": Source.CENTRE,
        "next": reverse("coupons:centre"),
    }
    return render(request, "coupons/centre.html", context, status=status)


@never_cache
@require_GET
def for_product(request: HttpRequest, product_id: int) -> HttpResponse:
    product = (
        Product.objects.visible()
        .select_related("category__parent__parent")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise Http404
    claimables = selectors.claimable_for_product(product, request.user)
    return _fragment(request, claimables, Source.PRODUCT)


@never_cache
@require_GET
def for_shop(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = Shop.objects.open().filter(pk=shop_id).first()
    if shop is None:
        raise Http404
    return _fragment(request, selectors.claimable_for_shop(shop, request.user), Source.SHOP)


def _fragment(request: HttpRequest, claimables, source: str) -> HttpResponse:
    context = {"offers": _offers(claimables), "source": source, "next": _back_to(request)}
    return render(request, "coupons/_fragment.html", context)


@never_cache
@shopper_required
@require_POST
def claim(request: HttpRequest, template_id: int) -> HttpResponse:
    template = selectors.template_for_claim(template_id)
    source = request.POST.get("source")
    source = source if source in CLAIM_SOURCES else Source.CENTRE
    try:
        services.claim(request.user, template, source=source)
    except CouponError as error:
        return _claimed(request, template, error.message, ok=False, error=error)
    return _claimed(request, template, _("领取成功，已放入“我的优惠券”"), ok=True)


def _claimed(request, template, message: str, *, ok: bool, error=None) -> HttpResponse:
    """htmx: the card's button again (已领取 or why not); a plain form: back with a message."""
    if is_htmx(request):
        claimable = selectors.Claimable(template, selectors.held_by(request.user, template))
        context = {
            "claimable": claimable, "message": message, "ok": ok,
            "source": request.POST.get("source", Source.CENTRE), "next": _back_to(request),
        }  # fmt: skip
        response = render(request, "coupons/_claim.html", context)
    else:
        (messages.success if ok else messages.error)(request, message)
        response = redirect(_back_to(request))
    if isinstance(error, ClaimsRateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


@never_cache
@shopper_required
@require_POST
def redeem(request: HttpRequest) -> HttpResponse:
    form = RedeemForm(request.POST)
    if form.is_valid():
        try:
            coupon = services.redeem_code(request.user, form.cleaned_data["code"])
        except CouponError as error:
            form.add_error("code", error.message)
            status = 429 if isinstance(error, ClaimsRateLimited) else 400
            return _render_centre(request, form, status=status)
        messages.success(request, _("兑换成功：%(name)s") % {"name": coupon.template.name})
        return redirect("coupons:mine")
    return _render_centre(request, form, status=400)


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    tab = request.GET.get("tab", "usable")
    tab = tab if tab in selectors.TABS else "usable"
    coupons = selectors.my_coupons(request.user, tab, now)
    counts = selectors.tab_counts(request.user, now)
    context = {
        "tab": tab,
        "tabs": [(slug, label, counts[slug]) for slug, label in selectors.TABS.items()],
        "coupons": [{"coupon": c, "card": wallet_card(c)} for c in coupons],
    }
    return render(request, "coupons/mine.html", context)


@never_cache
@login_required
@require_GET
def detail(request: HttpRequest, coupon_id: int) -> HttpResponse:
    coupon = selectors.my_coupon(request.user, coupon_id)
    context = {
        "coupon": coupon,
        "card": wallet_card(coupon),
        "expired": coupon.is_expired(timezone.now()),
    }
    return render(request, "coupons/detail.html", context)
