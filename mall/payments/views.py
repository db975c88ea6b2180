"""Thin pages: the sandbox cashier, the browser's return page (which only shows the status:
being sent back here proves nothing), and the gateways' notify endpoints."""

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall.payments import conf, selectors, services
from mall.payments.gateways import GatewayUnavailable
from mall.payments.gateways.base import GatewayError, NotifyRequest


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_cashier(request: HttpRequest, payment_no: str) -> HttpResponse:
    payment = selectors.payment_of(request.user, payment_no)
    if payment.gateway != "sandbox":
        raise Http404
    if request.method == "POST" and payment.payable:
        decision = request.POST.get("decision")
        if decision not in {"success", "failure"}:
            return HttpResponseBadRequest(_("请选择“支付成功”或“支付失败”。"))
        try:
            services.sandbox_decide(payment, success=decision == "success")
        except ValidationError as exc:
            return HttpResponseBadRequest(" ".join(exc.messages))
        return redirect("payments:return", payment_no=payment.no)
    return render(request, "payments/sandbox_cashier.html", {"payment": payment})


@never_cache
@login_required
@require_GET
def wechat_cashier(request: HttpRequest, payment_no: str) -> HttpResponse:
    """WeChat Pay Native for a browser: the code_url as a QR code to scan with WeChat, and a
    status fragment polled until the payment is paid."""
    payment = _wechat_payment(request, payment_no)
    if not payment.payable:
        return redirect("payments:return", payment_no=payment.no)
    context = {"payment": payment, "orders": len(payment.allocations)}
    try:
        context["qr_svg"] = wechat_qr_svg(services.checkout_url(payment))
    except (GatewayError, GatewayUnavailable):
        context["error"] = _("暂时无法获取微信支付二维码，请稍后刷新重试。")
        return render(request, "payments/wechat_cashier.html", context, status=502)
    return render(request, "payments/wechat_cashier.html", context)


@never_cache
@login_required
@require_GET
def wechat_status(request: HttpRequest, payment_no: str) -> HttpResponse:
    """The cashier's polled fragment; once paid (or closed), htmx goes to the return page."""
    payment = _wechat_payment(request, payment_no)
    response = render(request, "payments/_wechat_status.html", {"payment": payment})
    if not payment.payable:
        response["HX-Redirect"] = reverse("payments:return", args=[payment.no])
    return response


def _wechat_payment(request: HttpRequest, payment_no: str):
    payment = selectors.payment_of(request.user, payment_no)
    if payment.gateway != "wechat":
        raise Http404
    return payment


def wechat_qr_svg(code_url: str) -> str:
    """An inline SVG QR code (medium error correction, quiet zone kept), drawn here."""
    qr = segno.make(code_url, error="m", micro=False)
    return qr.svg_inline(
        scale=6, omitsize=True, dark="#000", light="#fff", title=_("微信支付二维码")
    )


@login_required
def payment_return(request: HttpRequest, payment_no: str) -> HttpResponse:
    payment = selectors.payment_of(request.user, payment_no)
    return render(
        request, "payments/return.html", {"payment": payment, "done_url": conf.done_url()}
    )


@csrf_exempt
@require_POST
def notify(request: HttpRequest, gateway: str) -> HttpResponse:
    headers = {name.lower(): value for name, value in request.headers.items()}
    try:
        reply = services.handle_notification(gateway, NotifyRequest(request.body, headers))
    except GatewayUnavailable as exc:
        raise Http404 from exc
    return HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
