"""Thin pages: the sandbox cashier, the browser's return page (which only shows the status:
being sent back here proves nothing), and the gateways' notify endpoints."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from mall.payments import conf, selectors, services
from mall.payments.gateways import GatewayUnavailable
from mall.payments.gateways.base import NotifyRequest


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
