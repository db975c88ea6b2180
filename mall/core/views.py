from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


def ping(request) -> HttpResponse:
    """The trivial view: the benchmarks' baseline, and a liveness probe."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request) -> JsonResponse:
    """Readiness: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF refusals in the user's language; the API keeps its `{"detail": …}` shape."""
    message = _("请求缺少有效的 CSRF 令牌，请刷新页面后重试")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    return render(request, "403_csrf.html", {"message": message}, status=403)
