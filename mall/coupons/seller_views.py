"""The seller's coupon pages (/seller/coupons/): the shop's coupons with issued and used
counts, a new coupon, pause / resume / end. Every view needs MANAGE_PROMOTIONS (404 without)
and looks every coupon up within the member's shop."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.coupons import selectors, services
from mall.coupons.cards import template_card
from mall.coupons.errors import CouponError
from mall.coupons.forms import SellerTemplateForm
from mall.coupons.models import CouponTemplate
from mall.merchants.permissions import Perm
from mall.merchants.selectors import require_membership

Status = CouponTemplate.Status
MOVES = {
    "pause": (Status.PAUSED, gettext_lazy("已暂停发放，已领取的券仍可使用")),
    "resume": (Status.ACTIVE, gettext_lazy("已恢复发放")),
    "end": (Status.ENDED, gettext_lazy("已结束发放，已领取的券在有效期内仍可使用")),
}


@never_cache
@login_required
@require_GET
def coupon_list(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.MANAGE_PROMOTIONS)
    templates = selectors.seller_templates(member.shop)
    rows = [{"template": t, "card": template_card(t)} for t in templates]
    return render(request, "coupons/seller/list.html", {"member": member, "rows": rows})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def coupon_create(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.MANAGE_PROMOTIONS)
    form = SellerTemplateForm(request.POST or None, shop=member.shop)
    if request.method == "POST" and form.is_valid():
        template = services.create_template(form.instance, actor=request.user)
        messages.success(request, _("优惠券“%(name)s”已创建") % {"name": template.name})
        return redirect("coupons:seller_list")
    status = 400 if request.method == "POST" else 200
    context = {"member": member, "form": form}
    return render(request, "coupons/seller/form.html", context, status=status)


@login_required
@require_POST
def coupon_move(request: HttpRequest, template_id: int, move: str) -> HttpResponse:
    member = require_membership(request.user, Perm.MANAGE_PROMOTIONS)
    if move not in MOVES:
        raise Http404
    template = selectors.seller_template(member.shop, template_id)
    status, done = MOVES[move]
    try:
        services.set_status(template, status)
    except CouponError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(done))
    return redirect("coupons:seller_list")
