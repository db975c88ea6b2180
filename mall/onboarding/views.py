"""招商 pages: the public landing page, the application form (drafts, submit), the applicant's
status page and their documents. Thin: parse, call a service or selector, render."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mall.onboarding import selectors, services, uploads
from mall.onboarding.errors import IncompleteApplication, OnboardingError
from mall.onboarding.forms import ApplicationForm, brand_formset, brand_inputs
from mall.onboarding.models import Application, ApplicationBrand
from mall.onboarding.offers import landing_offer
from mall.storefront.seo import canonical_url

REVIEW_PERMISSION = "onboarding.review_application"


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    context = {
        "offer": landing_offer(),
        "canonical": canonical_url(reverse("onboarding:landing")),
        "application": selectors.current_application(request.user)
        if request.user.is_authenticated
        else None,
    }
    return render(request, "onboarding/landing.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    current = selectors.current_application(request.user)
    if current is not None and (current.in_review or current.status == Application.Status.APPROVED):
        messages.info(
            request,
            _("您的入驻申请%(status)s，可以在这里查看进度")
            % {"status": current.get_status_display()},
        )
        return redirect("onboarding:status")
    application = current if current is not None and current.is_editable else None
    if request.method == "POST":
        return _post_application(request, application)
    form = ApplicationForm(initial=_initial(request, current))
    return _render_form(request, form, brand_formset(application), application)


def _initial(request: HttpRequest, current: Application | None) -> dict:
    """The draft's answers; after a rejection, the rejected application's (its files excepted)."""
    if current is not None:
        return ApplicationForm.initial_from(current)
    return {"contact_mobile": request.user.mobile or ""}


def _post_application(request: HttpRequest, application: Application | None) -> HttpResponse:
    form = ApplicationForm(request.POST, request.FILES)
    formset = brand_formset(application, request.POST, request.FILES)
    if not (form.is_valid() and formset.is_valid()):
        return _render_form(request, form, formset, application, status=400)
    try:
        application = services.save_draft(
            request.user, form.application_input(brand_inputs(formset))
        )
    except OnboardingError as error:
        _show_error(form, error)
        return _render_form(request, form, formset, application, status=400)
    if request.POST.get("action") != "submit":
        messages.success(request, _("草稿已保存，资料和已上传的文件都会保留"))
        return redirect("onboarding:apply")
    try:
        services.submit(application, actor=request.user)
    except OnboardingError as error:
        form = ApplicationForm(request.POST)  # the files are on the draft now
        form.is_valid()
        formset = brand_formset(application, _brand_data_after_save(application))
        formset.is_valid()
        _show_error(form, error)
        messages.warning(request, _("草稿已保存，但还不能提交，请按下面的提示补充"))
        return _render_form(request, form, formset, application, status=400)
    messages.success(request, _("申请已提交，审核结果会短信通知联系人手机号"))
    return redirect("onboarding:status")


def _brand_data_after_save(application: Application) -> dict:
    """The saved brands as a bound formset's data, so their errors can be shown on them."""
    brands = list(application.brands.all())
    data = {
        "brands-TOTAL_FORMS": str(min(len(brands) + 2, services.MAX_BRANDS)),
        "brands-INITIAL_FORMS": str(len(brands)),
        "brands-MIN_NUM_FORMS": "0",
        "brands-MAX_NUM_FORMS": str(services.MAX_BRANDS),
    }
    for index, brand in enumerate(brands):
        data[f"brands-{index}-brand_id"] = str(brand.pk)
        data[f"brands-{index}-name"] = brand.name
    return data


def _show_error(form: ApplicationForm, error: OnboardingError) -> None:
    if isinstance(error, IncompleteApplication):
        for field, message in error.missing.items():
            form.add_error(field if field in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _render_form(
    request: HttpRequest, form, formset, application: Application | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "formset": formset, "application": application}
    return render(request, "onboarding/apply.html", context, status=status)


@never_cache
@login_required
@require_GET
def status(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        current = selectors.current_application(request.user)
        if current is None:
            return redirect("onboarding:landing")
        pk = current.pk
    application = selectors.application_for(request.user, pk)
    context = {
        "application": application,
        "history": selectors.applications_of(request.user).exclude(pk=application.pk),
    }
    return render(request, "onboarding/status.html", context)


@never_cache
@login_required
@require_GET
def licence_file(request: HttpRequest, pk: int) -> FileResponse:
    applications = _visible(request, Application.objects.filter(pk=pk), "applicant")
    application = applications.first()
    if application is None:
        raise Http404
    return _file_response(application.business_licence, application.business_licence_name)


@never_cache
@login_required
@require_GET
def authorisation_file(request: HttpRequest, pk: int) -> FileResponse:
    brand = _visible(request, ApplicationBrand.objects.filter(pk=pk), "application__applicant")
    brand = brand.first()
    if brand is None:
        raise Http404
    return _file_response(brand.authorisation, brand.authorisation_name)


def _visible(request: HttpRequest, rows, applicant_path: str):
    """Reviewers see every application's documents; anyone else only their own (404 else)."""
    if request.user.has_perm(REVIEW_PERMISSION):
        return rows
    return rows.filter(**{applicant_path: request.user})


def _file_response(field: FieldFile, name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, filename=name or PurePosixPath(field.name).name)
    response["Content-Type"] = uploads.content_type(field.name)
    return response
