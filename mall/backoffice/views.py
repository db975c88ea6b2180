"""The back office's own pages: 工作台, 资金, 店铺设置, 员工. Thin: the member (404 without the
page's permission), a selector or a service, a template."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.backoffice import selectors, services
from mall.backoffice.charts import bar_chart
from mall.backoffice.errors import BackofficeError
from mall.backoffice.forms import ShopProfileForm, StaffInviteForm, StaffRoleForm
from mall.core.money import format_fen
from mall.ledger.selectors import shop_statement
from mall.merchants.permissions import Perm, allows
from mall.merchants.selectors import balances, require_membership

RECENT_ENTRIES = 10
RECENT_DAYS = 30


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.VIEW_DASHBOARD)
    days = 30 if request.GET.get("days") == "30" else 7
    data = selectors.dashboard(member.shop, days)
    show_money = allows(member, Perm.VIEW_MONEY)
    context = {
        "member": member,
        "shop": member.shop,
        "data": data,
        "days": days,
        "chart_days": selectors.CHART_DAYS,
        "show_money": show_money,
        "chart": bar_chart([_chart_point(day, show_money) for day in data.days]),
        "low_stock_threshold": selectors.LOW_STOCK_THRESHOLD,
        "can_edit_stock": allows(member, Perm.EDIT_STOCK),
        "shortcuts": [(label, url) for label, url, perm in _shortcuts() if allows(member, perm)],
    }
    return render(request, "backoffice/dashboard.html", context)


def _shortcuts() -> list[tuple[str, str, Perm]]:
    """The 工作台's quick links: the day's usual jobs, each shown to the roles that may do it."""
    return [
        (_("待发货订单"), reverse("orders:seller_list") + "?status=paid", Perm.SHIP_ORDERS),
        (_("发布商品"), reverse("seller_products:create"), Perm.EDIT_PRODUCTS),
        (_("批量导入商品"), reverse("seller_products:import"), Perm.EDIT_PRODUCTS),
        (_("结算对账单"), reverse("ledger:statements"), Perm.VIEW_MONEY),
        (_("店铺装修"), reverse("backoffice:shop"), Perm.EDIT_SHOP),
        (_("添加员工"), reverse("backoffice:staff"), Perm.MANAGE_STAFF),
        (_("商家学堂"), reverse("learning:list"), Perm.READ_LEARNING),
    ]


def _chart_point(day: selectors.DayTotal, money: bool) -> tuple[str, int, str]:
    """Sales in fen for those who may see money, otherwise the number of orders."""
    label = day.day.strftime("%m-%d")
    values = {"day": label, "count": day.orders, "amount": format_fen(day.sales)}
    if money:
        text = ngettext(
            "%(day)s：%(amount)s，%(count)s 单", "%(day)s：%(amount)s，%(count)s 单", day.orders
        )
        return label, day.sales, text % values
    text = ngettext("%(day)s：%(count)s 单", "%(day)s：%(count)s 单", day.orders)
    return label, day.orders, text % values


@never_cache
@login_required
@require_GET
def money(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.VIEW_MONEY)
    today = timezone.localdate()
    since = today - dt.timedelta(days=RECENT_DAYS - 1)
    statement = shop_statement(member.shop_id, since, today)
    context = {
        "member": member,
        "shop": member.shop,
        "balances": balances(member.shop),
        "recent": statement.rows[::-1][:RECENT_ENTRIES],
        "recent_days": RECENT_DAYS,
    }
    return render(request, "backoffice/money.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def shop_settings(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.EDIT_SHOP)
    profile = selectors.shop_profile(member.shop)
    if request.method == "POST":
        form = ShopProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.update_shop_profile(member, form.profile_input())
            except BackofficeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("店铺设置已保存"))
                return redirect("backoffice:shop")
    else:
        form = ShopProfileForm(initial=_profile_initial(member.shop, profile))
    context = {"member": member, "shop": member.shop, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "backoffice/shop_settings.html", context, status=status)


def _profile_initial(shop, profile) -> dict:
    return {
        "intro": shop.intro,
        "service_hours": profile.service_hours,
        "service_phone": profile.service_phone,
        "announcement": profile.announcement,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    owner = require_membership(request.user, Perm.MANAGE_STAFF)
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.invite_staff(
                owner, mobile=form.cleaned_data["mobile"], role=form.cleaned_data["role"]
            )
        except BackofficeError as error:
            form.add_error("mobile", error.message)
        else:
            messages.success(
                request,
                _("已添加 %(mobile)s 为%(role)s，并已短信通知")
                % {"mobile": invited.user.mobile, "role": invited.get_role_display()},
            )
            return redirect("backoffice:staff")
    context = {
        "member": owner,
        "shop": owner.shop,
        "form": form,
        "staff": [
            (person, services.may_manage(owner, person))
            for person in selectors.staff_of(owner.shop)
        ],
        "role_form": StaffRoleForm(),
    }
    return render(request, "backoffice/staff.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def staff_role(request: HttpRequest, member_id: int) -> HttpResponse:
    owner = require_membership(request.user, Perm.MANAGE_STAFF)
    form = StaffRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
        return redirect("backoffice:staff")
    try:
        changed = services.change_role(owner, member_id, form.cleaned_data["role"])
    except BackofficeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已改为%(role)s") % {"role": changed.get_role_display()})
    return redirect("backoffice:staff")


@login_required
@require_POST
def staff_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    owner = require_membership(request.user, Perm.MANAGE_STAFF)
    try:
        services.remove_staff(owner, member_id)
    except BackofficeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已移除该员工"))
    return redirect("backoffice:staff")
