from django.db import connection
from django.http import HttpResponse, JsonResponse
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
