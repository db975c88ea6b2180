"""Seller statements: the shop's payable account for a period, as a page or a CSV file."""

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.core.money import fen_to_yuan_str
from mall.ledger import selectors
from mall.merchants.permissions import Perm
from mall.merchants.selectors import require_membership

MAX_PERIOD_DAYS = 366


@login_required
def statements(request: HttpRequest) -> HttpResponse:
    member = require_membership(request.user, Perm.VIEW_MONEY)
    if request.GET.get("shop", str(member.shop_id)) != str(member.shop_id):
        raise Http404
    try:
        start, end = _period(request.GET)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    statement = selectors.shop_statement(member.shop_id, start, end)
    if request.GET.get("format") == "csv":
        return _csv(statement)
    return render(
        request,
        "ledger/statements.html",
        {
            "shop": member.shop,
            "statement": statement,
            "rows": [(row, _kind_labels()[row.kind]) for row in statement.rows],
        },
    )


def _period(params) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(params.get("start") or today.replace(day=1).isoformat())
        end = dt.date.fromisoformat(params.get("end") or today.isoformat())
    except ValueError as exc:
        raise ValueError(_("日期格式应为 YYYY-MM-DD")) from exc
    if end < start:
        raise ValueError(_("结束日期不能早于开始日期"))
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValueError(_("一次最多查询 366 天"))
    return start, end


def _kind_labels() -> dict[str, str]:
    return {
        "goods": _("订单结算"),
        "commission": _("平台佣金"),
        "refund": _("售后退款"),
        "payout": _("结算打款"),
        "other": _("其他"),
    }


def _csv(statement: selectors.Statement) -> HttpResponse:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it without mojibake."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"statement-{statement.shop_id}-{statement.start:%Y%m%d}-{statement.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    labels = _kind_labels()
    writer = csv.writer(response)
    writer.writerow(
        [_("时间"), _("类型"), _("业务参考"), _("凭证"), _("金额（元）"), _("余额（元）")]
    )
    writer.writerow(["", _("期初余额"), "", "", "", fen_to_yuan_str(statement.opening)])
    for row in statement.rows:
        writer.writerow(
            [
                timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                labels[row.kind],
                row.reference,
                row.reason,
                fen_to_yuan_str(row.amount),
                fen_to_yuan_str(row.balance),
            ]
        )
    writer.writerow(["", _("期末余额"), "", "", "", fen_to_yuan_str(statement.closing)])
    return response
