"""Request guards that apply to every page and API endpoint."""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = b"\x00"
JSON_NUL = b"\\u0000"


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method in ("GET", "HEAD", "OPTIONS") or not content_type:
        return False
    if content_type.startswith("application/x-www-form-urlencoded"):
        return NUL in unquote_to_bytes(request.body)
    if content_type.startswith("application/json"):
        return JSON_NUL in request.body or NUL in request.body
    return False


class RejectNulBytesMiddleware:
    """Answer 400 to input holding NUL characters.

    No shopper types one; PostgreSQL refuses to store them in text, so letting one through turns
    a malformed request into a 500 deep inside a query. The API gets its usual `{"detail": …}`
    shape. Uploads (multipart) are left to their
    own validators.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            message = _("请求中包含无效字符。")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
