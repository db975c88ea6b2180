"""Every error the API answers is JSON with a Chinese `detail`: invalid parameters (422),
unknown or hidden things (404) and requests no route matches."""

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError


def _reason(error: dict) -> str:
    """Pydantic's error for one value, in Chinese."""
    context = error.get("ctx") or {}
    reasons = {
        "missing": lambda: _("不能为空"),
        "string_too_short": lambda: _("不能为空"),
        "int_parsing": lambda: _("必须是整数"),
        "int_from_float": lambda: _("必须是整数"),
        "greater_than_equal": lambda: _("不能小于 %(limit)s") % {"limit": context["ge"]},
        "less_than_equal": lambda: _("不能大于 %(limit)s") % {"limit": context["le"]},
        "string_too_long": lambda: (
            _("不能超过 %(limit)s 个字符") % {"limit": context["max_length"]}
        ),
        "too_long": lambda: _("最多 %(limit)s 个") % {"limit": context["max_length"]},
        "enum": lambda: (
            _("只能是以下之一：%(choices)s")
            % {"choices": context["expected"].replace(" or ", ", ")}
        ),
        "string_pattern_mismatch": lambda: _("格式不正确"),
        "value_error": lambda: str(context["error"]),
    }
    explain = reasons.get(error.get("type", ""))
    return explain() if explain else _("无效")


def _field(error: dict) -> str:
    """The parameter's name: `('query', 'params', 'spec', 0)` -> 'spec'."""
    names = [part for part in error.get("loc", ()) if isinstance(part, str)]
    return names[-1] if names else ""


def validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    errors = [{"field": _field(e), "message": _reason(e)} for e in exc.errors]
    messages = [_("参数 %(field)s %(message)s") % e for e in errors]
    return api.create_response(
        request, {"detail": "；".join(messages) or _("请求参数无效"), "errors": errors}, status=422
    )


def not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": _("未找到")}, status=404)


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(ValidationError, partial(validation_error, api=api))
    api.add_exception_handler(Http404, partial(not_found, api=api))


def unknown_path(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any /api/ address no endpoint answers."""
    return JsonResponse(
        {"detail": _("没有这个接口")}, status=404, json_dumps_params={"ensure_ascii": False}
    )
