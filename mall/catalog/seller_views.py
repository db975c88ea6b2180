"""The seller's product pages: list, create/edit, review and shelf moves, stock edits with
history, bulk import. Every view finds the member with the permission it needs (404 without)
and every product, SKU or import job is looked up within the member's shop."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.catalog import selectors, services
from mall.catalog.importing.columns import COLUMNS
from mall.catalog.importing.views import SHOWN_REJECTIONS, csv_response, rejections_csv
from mall.catalog.models import Product
from mall.catalog.seller_forms import ProductEditor, SellerImportForm, StockForm
from mall.inventory import selectors as inventory
from mall.inventory import services as stock
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm, allows
from mall.merchants.selectors import require_membership

PAGE_SIZE = 20
HISTORY_PAGE_SIZE = 50
TABS = {"": gettext_lazy("全部"), **dict(Product.Status.choices)}
SHELF_MOVES = {
    "submit": (services.submit_for_review, gettext_lazy("已提交审核，审核通过后自动上架")),
    "on_shelf": (services.put_on_shelf, gettext_lazy("已上架")),
    "off_shelf": (services.take_off_shelf, gettext_lazy("已下架")),
}


def _page(request: HttpRequest, items, size: int):
    return Paginator(items, size).get_page(request.GET.get("page"))


@never_cache
@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    tab = request.GET.get("status", "")
    tab = tab if tab in TABS else ""
    search = request.GET.get("q", "").strip()[:40]
    products = _page(request, selectors.seller_products(member.shop, tab, search), PAGE_SIZE)
    counts = selectors.seller_status_counts(member.shop)
    context = {
        "member": member, "page": products, "tab": tab, "q": search,
        "tabs": [(slug, label, counts.get(slug, 0)) for slug, label in TABS.items()],
        "may_stock": allows(member, Perm.EDIT_STOCK),
    }  # fmt: skip
    return render(request, "catalog/seller/product_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    return _edit(request, member, None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    return _edit(request, member, selectors.seller_product(member.shop, product_id))


def _edit(request: HttpRequest, member: ShopMember, product: Product | None) -> HttpResponse:
    posted = request.method == "POST"
    saving = posted and request.POST.get("action") != "specs"  # not just redrawing the SKU rows
    editor = ProductEditor(member, product, request.POST if posted else None, request.FILES)
    if saving and editor.is_valid():
        try:
            saved = services.save_seller_product(
                member.shop, product, editor.draft(), actor=request.user
            )
        except ValidationError as exc:
            editor.errors.extend(exc.messages)
        except IntegrityError:
            editor.errors.append(_("商品货号或 SKU 编码已被本店其他商品使用"))
        else:
            messages.success(request, _saved_message(product, saved))
            return redirect("seller_products:edit", saved.pk)
    context = {
        "member": member, "product": product, "editor": editor,
        "rejection": selectors.latest_rejection(product) if product else None,
        "history": selectors.review_history(product)[:10] if product else [],
        "may_stock": allows(member, Perm.EDIT_STOCK),
    }  # fmt: skip
    return render(
        request, "catalog/seller/product_form.html", context, status=400 if saving else 200
    )


def _saved_message(before: Product | None, after: Product) -> str:
    if before is not None and before.status != after.status:
        return _("已保存。商品内容有修改，状态变为“%(status)s”，需重新审核后上架") % {
            "status": after.get_status_display()
        }
    if before is None:
        return _("商品已创建为草稿。完善后请提交审核")
    return _("已保存")


@login_required
@require_POST
def product_move(request: HttpRequest, product_id: int, move: str) -> HttpResponse:
    """Submit for review, put on or take off the shelf."""
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    if move not in SHELF_MOVES:
        raise Http404
    product = selectors.seller_product(member.shop, product_id)
    service, done = SHELF_MOVES[move]
    try:
        service(product, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, str(done))
    if request.POST.get("next") == "list":
        return redirect("seller_products:list")
    return redirect("seller_products:edit", product.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def product_stock(request: HttpRequest, product_id: int) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_STOCK)
    product = selectors.seller_product(member.shop, product_id)
    form = StockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sku = selectors.seller_sku(member.shop, product, form.cleaned_data["sku"])
        try:
            _apply_stock_edit(request, sku, form.cleaned_data)
        except stock.StockEditError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("“%(sku)s”的库存已更新") % {"sku": sku.spec_label or product.name}
            )
            return redirect("seller_products:stock", product.pk)
    history = _page(request, inventory.movements_of_product(product.pk), HISTORY_PAGE_SIZE)
    context = {"member": member, "product": product, "form": form, "history": history}
    status = 400 if form.is_bound else 200
    return render(request, "catalog/seller/product_stock.html", context, status=status)


def _apply_stock_edit(request: HttpRequest, sku, data: dict) -> None:
    edit = stock.set_stock if data["mode"] == "set" else stock.adjust_stock
    edit(sku, data["quantity"], reason=data["reason"], actor=request.user, note=data["note"])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    form = SellerImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.create_import_job(
            file=form.cleaned_data["file"], images=form.cleaned_data["images"],
            shop=member.shop, user=request.user, shop_only=True,
        )  # fmt: skip
        return redirect("seller_products:import_progress", job.pk)
    context = {
        "member": member, "form": form, "columns": COLUMNS,
        "jobs": selectors.seller_import_jobs(member.shop),
    }  # fmt: skip
    status = 400 if form.is_bound else 200
    return render(request, "catalog/seller/import.html", context, status=status)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    require_membership(request.user, Perm.EDIT_PRODUCTS)
    headers = [column.header for column in COLUMNS if column.key != "shop"]
    return csv_response("products-template.csv", [headers])


@never_cache
@login_required
@require_GET
def import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    job = selectors.seller_import_job(member.shop, job_id)
    context = {
        "member": member, "job": job, "shown_rejections": SHOWN_REJECTIONS,
        "rejections": job.rejections.all()[:SHOWN_REJECTIONS],
    }  # fmt: skip
    partial = request.headers.get("HX-Request") == "true"
    name = "_import_progress.html" if partial else "import_progress.html"
    return render(request, f"catalog/seller/{name}", context)


@login_required
@require_GET
def import_report(request: HttpRequest, job_id: int) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_PRODUCTS)
    job = selectors.seller_import_job(member.shop, job_id)
    return rejections_csv(job)
