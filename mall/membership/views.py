"""The shopper's membership page and the seller's price-list pages. Every seller view finds
the member with Perm.EDIT_PRICES (404 without) and every SKU within the member's shop."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mall.catalog.models import Sku
from mall.membership import selectors, services
from mall.membership.forms import LadderFormSet, SkuPricesForm, ladder_initial
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm
from mall.merchants.selectors import require_membership

PAGE_SIZE = 20


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    context = {"progress": selectors.level_progress(request.user)}
    return render(request, "membership/mine.html", context)


@never_cache
@login_required
@require_GET
def seller_list(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRICES)
    search = request.GET.get("q", "").strip()[:40]
    priced = request.GET.get("priced") == "1"
    products = selectors.seller_price_products(member.shop, search, priced_only=priced)
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "member": member, "page": page, "q": search, "priced": priced,
        "levels": selectors.levels(),
    }  # fmt: skip
    return render(request, "membership/seller_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def seller_edit(request: HttpRequest, sku_id: int) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRICES)
    sku = selectors.seller_sku(member.shop, sku_id)
    groups, levels = selectors.groups(), selectors.levels()
    if request.method == "GET":
        current = selectors.sku_price_lists(sku)
        initial = SkuPricesForm.initial_for(current["minimums"], current["member_prices"])
        form = SkuPricesForm(initial=initial, groups=groups, levels=levels)
        ladder = LadderFormSet(
            initial=ladder_initial(current["ladders"]), prefix="ladder",
            form_kwargs={"groups": groups},
        )  # fmt: skip
        return _render_edit(request, member, sku, form, ladder)
    form = SkuPricesForm(request.POST, groups=groups, levels=levels)
    ladder = LadderFormSet(request.POST, prefix="ladder", form_kwargs={"groups": groups})
    if form.is_valid() and ladder.is_valid():
        steps = [f.cleaned_data for f in ladder.forms if f.has_changed() and f.cleaned_data
                 and not f.cleaned_data.get("DELETE")]  # fmt: skip
        try:
            services.save_sku_price_lists(member, sku, form.price_lists(steps))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(sku)s”的渠道价与会员价已保存") % {"sku": sku})
            return redirect("membership:seller_list")
    return _render_edit(request, member, sku, form, ladder, status=400)


def _render_edit(
    request: HttpRequest, member: ShopMember, sku: Sku, form, ladder, *, status: int = 200
) -> HttpResponse:
    context = {"member": member, "sku": sku, "form": form, "ladder": ladder}
    return render(request, "membership/seller_edit.html", context, status=status)
