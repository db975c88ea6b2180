"""Account pages. Thin: parse the form, call a service, render; the rules live in services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mall import regions
from mall.customers import selectors, services
from mall.customers.errors import AccountError, AddressError, RateLimited
from mall.customers.forms import (
    AddressForm,
    CodeLoginForm,
    PasswordForm,
    PasswordLoginForm,
    ProfileForm,
    SendCodeForm,
)
from mall.merchants.selectors import membership_of

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LOGIN_FORMS = {"sms": CodeLoginForm, "password": PasswordLoginForm}


@never_cache
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    tab = _login_tab(request)
    if request.method == "GET":
        if request.user.is_authenticated:
            return redirect(_next_url(request))
        return _render_login(request, tab, LOGIN_FORMS[tab]())
    form = LOGIN_FORMS[tab](request.POST)
    if not form.is_valid():
        return _render_login(request, tab, form, status=400)
    try:
        user = _sign_in(tab, form.cleaned_data)
    except AccountError as error:
        form.add_error(None, error.message)
        return _render_login(request, tab, form, status=_status(error))
    auth_login(request, user, backend=MODEL_BACKEND)
    return redirect(_next_url(request))


@never_cache
@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """JSON for the page's script; without script, the login page again with the outcome."""
    form = SendCodeForm(request.POST)
    try:
        if not form.is_valid():
            raise AccountError(form.errors["mobile"][0])
        wait = services.send_login_code(form.cleaned_data["mobile"], client_ip=_client_ip(request))
    except AccountError as error:
        wait = getattr(error, "retry_after", 0)
        return _send_code_reply(request, error.message, ok=False, wait=wait, status=_status(error))
    message = _("验证码已发送，%(minutes)d 分钟内有效") % {"minutes": services.CODE_TTL_MINUTES}
    return _send_code_reply(request, message, ok=True, wait=wait)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("storefront:home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_profile(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.update_profile(request.user, nickname=form.cleaned_data["nickname"])
        except AccountError as error:
            form.add_error("nickname", error.message)
        else:
            messages.success(request, _("昵称已保存"))
            return redirect("customers:profile")
    return _render_profile(request, profile_form=form, status=400)


@never_cache
@login_required
@sensitive_post_parameters()
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_password(
                request.user, data["new_password"], old_password=data["old_password"]
            )
        except AccountError as error:
            form.add_error(None, error.message)
            status = _status(error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已保存，下次可用手机号和密码登录"))
            return redirect("customers:profile")
    return _render_profile(request, password_form=form, status=status)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "customers/privacy.html")


def _sign_in(tab: str, data: dict):
    if tab == "password":
        return services.login_with_password(data["mobile"], data["password"])
    return services.login_with_code(data["mobile"], data["code"], consent=data["consent"])


def _login_tab(request: HttpRequest) -> str:
    tab = request.POST.get("method") or request.GET.get("tab")
    return tab if tab in LOGIN_FORMS else "sms"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def _client_ip(request: HttpRequest) -> str:
    """The peer address. Behind a reverse proxy, let the proxy set REMOTE_ADDR (never trust a
    client-sent X-Forwarded-For here)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _status(error: AccountError) -> int:
    return 429 if isinstance(error, RateLimited) else 400


def _send_code_reply(
    request: HttpRequest, message: str, *, ok: bool, wait: int, status: int = 200
) -> HttpResponse:
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse({"ok": ok, "message": message, "retry_after": wait}, status=status)
    else:
        form = CodeLoginForm(initial={"mobile": request.POST.get("mobile", "")})
        response = _render_login(
            request, "sms", form, status=status, notice=message, notice_ok=ok, countdown=wait
        )
    if status == 429:
        response["Retry-After"] = str(wait)
    return response


def _render_login(
    request: HttpRequest,
    tab: str,
    form,
    *,
    status: int = 200,
    notice: str = "",
    notice_ok: bool = True,
    countdown: int = 0,
) -> HttpResponse:
    context = {
        "tab": tab,
        "form": form,
        "next": _next_url(request),
        "notice": notice,
        "notice_ok": notice_ok,
        "countdown": countdown,
    }
    return render(request, "customers/login.html", context, status=status)


def _render_profile(
    request: HttpRequest, *, profile_form=None, password_form=None, status: int = 200
) -> HttpResponse:
    context = {
        "profile_form": profile_form or ProfileForm(initial={"nickname": request.user.nickname}),
        "password_form": password_form or PasswordForm(),
        "has_password": request.user.has_usable_password(),
        "shop_member": membership_of(request.user),
    }
    return render(request, "customers/profile.html", context, status=status)


# --- address book -----------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def address_list(request: HttpRequest) -> HttpResponse:
    context = {
        "addresses": selectors.addresses_of(request.user),
        "limit": services.MAX_ADDRESSES,
        "next": _address_next(request, default=""),
    }
    return render(request, "customers/addresses.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_address_form(request, AddressForm(), address=None)
    return _save_address(request, address=None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HttpRequest, address_id: int) -> HttpResponse:
    address = selectors.get_address(request.user, address_id)
    if request.method == "GET":
        return _render_address_form(request, AddressForm.for_address(address), address=address)
    return _save_address(request, address=address)


@login_required
@require_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    services.delete_address(request.user, address_id)
    messages.success(request, _("收货地址已删除"))
    return redirect(_address_next(request))


@login_required
@require_POST
def address_set_default(request: HttpRequest, address_id: int) -> HttpResponse:
    services.set_default_address(request.user, address_id)
    messages.success(request, _("已设为默认收货地址"))
    return redirect(_address_next(request))


def _save_address(request: HttpRequest, *, address) -> HttpResponse:
    if "refresh" in request.POST:  # the picker without script: show the next level's options
        return _render_address_form(
            request, AddressForm(initial=request.POST.dict()), address=address
        )
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            if address is None:
                services.create_address(request.user, form.address_input())
            else:
                services.update_address(request.user, address.pk, form.address_input())
        except AddressError as error:
            form.add_error(_address_form_field(error), error.message)
        else:
            messages.success(request, _("收货地址已保存"))
            return redirect(_address_next(request))
    return _render_address_form(request, form, address=address, status=400)


def _address_form_field(error: AddressError) -> str | None:
    """The picker reports its problems under its own name; other fields keep theirs."""
    return "district" if error.field == "region_code" else error.field


def _address_next(request: HttpRequest, default: str | None = None) -> str:
    """Back to where the shopper came from (e.g. checkout), if that is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe:
        return target
    return resolve_url("customers:addresses") if default is None else default


def _render_address_form(request, form: AddressForm, *, address, status: int = 200):
    province, city, district = form.picked_codes()
    context = {
        "form": form,
        "address": address,
        "next": _address_next(request, default=""),
        "picker": [
            ("province", _("省份"), regions.children(None), province),
            ("city", _("城市"), regions.children(province) if province else [], city),
            ("district", _("区县"), regions.children(city) if city else [], district),
        ],
    }
    return render(request, "customers/address_form.html", context, status=status)
