"""Campaign pages (/campaigns/) and the seller's promotion pages (/seller/promotions/).

Seller views find the member with MANAGE_PROMOTIONS (404 without) and look every promotion up
within the member's shop; writes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.core.richtext import stored_html
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm
from mall.merchants.selectors import require_membership
from mall.pricing.rules import Shopper
from mall.promotions import selectors, services
from mall.promotions.errors import PromotionError
from mall.promotions.forms import PreviewForm, PromotionForm
from mall.promotions.models import Promotion
from mall.promotions.preview import parse_lines, preview
from mall.promotions.wording import rule_summary

CAMPAIGN_PAGE_SIZE = 24
SELLER_PAGE_SIZE = 20
TABS = {"": gettext_lazy("全部"), **dict(Promotion.Status.choices)}
MOVES = {
    "start": gettext_lazy("活动已开始"),
    "pause": gettext_lazy("活动已暂停"),
    "resume": gettext_lazy("活动已恢复"),
    "end": gettext_lazy("活动已结束"),
}


# --- storefront -------------------------------------------------------------------------------


@require_GET
def campaign_index(request: HttpRequest) -> HttpResponse:
    campaigns = [(c, rule_summary(c)) for c in selectors.running_campaigns()]
    return render(request, "promotions/campaign_index.html", {"campaigns": campaigns})


@require_GET
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    promotion = selectors.campaign(slug)
    page = Paginator(selectors.campaign_products(promotion), CAMPAIGN_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "promotion": promotion,
        "summary": rule_summary(promotion),
        "page": page,
        "canonical": request.build_absolute_uri(request.path),
        "intro": stored_html(promotion.intro),
        "now": timezone.now(),
    }
    return render(request, "promotions/campaign.html", context)


# --- seller -----------------------------------------------------------------------------------


def _member(request: HttpRequest) -> ShopMember:
    return require_membership(request.user, Perm.MANAGE_PROMOTIONS)


@never_cache
@login_required
@require_GET
def seller_list(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    tab = request.GET.get("status", "")
    tab = tab if tab in TABS else ""
    rows = selectors.shop_promotions(member.shop_id, tab)
    page = Paginator(rows, SELLER_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts(member.shop_id)
    tabs = [
        (slug, label, sum(counts.values()) if not slug else counts.get(slug, 0))
        for slug, label in TABS.items()
    ]
    context = {"member": member, "page": page, "tab": tab, "tabs": tabs}
    return render(request, "promotions/seller/list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def seller_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, _member(request), None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def seller_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    return _edit(request, member, selectors.shop_promotion(member.shop_id, pk))


def _edit(request: HttpRequest, member: ShopMember, promotion: Promotion | None) -> HttpResponse:
    posted = request.method == "POST"
    form = PromotionForm(request.POST if posted else None, instance=promotion, shop=member.shop)
    if posted and form.is_valid():
        try:
            saved = services.save_promotion(form.instance, form.rows(), actor=request.user)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("已保存") if promotion else _("活动已创建为草稿"))
            return redirect("promotions:seller_edit", saved.pk)
    context = {
        "member": member,
        "promotion": promotion,
        "form": form,
        "usage": selectors.usage_of(promotion) if promotion else None,
        "summary": rule_summary(promotion) if promotion else "",
        "events": promotion.events.select_related("actor")[:10] if promotion else [],
    }
    return render(request, "promotions/seller/form.html", context, status=400 if posted else 200)


@login_required
@require_POST
def seller_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = _member(request)
    if action not in MOVES:
        raise Http404
    promotion = selectors.shop_promotion(member.shop_id, pk)
    try:
        services.change_status(promotion, action, actor=request.user)
    except PromotionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, MOVES[action])
    return redirect("promotions:seller_edit", pk)


@never_cache
@login_required
@require_GET
def seller_preview(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    promotion = selectors.shop_promotion(member.shop_id, pk)
    form = PreviewForm(request.GET if "lines" in request.GET else None)
    result = None
    if form.is_valid():
        result = run_preview(promotion, form, shop_id=member.shop_id)
    context = {"member": member, "promotion": promotion, "form": form, "result": result}
    return render(request, "promotions/seller/preview.html", context)


def run_preview(promotion: Promotion, form: PreviewForm, *, shop_id: int | None = None):
    """The preview of a valid PreviewForm (the admin's page uses it too)."""
    data = form.cleaned_data
    shopper = Shopper(member_rank=data["member_rank"] or 0, group=data["group"] or None)
    return preview(
        promotion, parse_lines(data["lines"]), shopper=shopper, moment=data["at"], shop_id=shop_id
    )
