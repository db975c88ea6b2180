"""Admin pages of the import, mounted under the product admin (see ProductAdmin.get_urls):
upload → job → a progress page that polls itself → a report of rejected rows as CSV."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from mall.catalog import services
from mall.catalog.importing.columns import COLUMNS
from mall.catalog.importing.forms import ImportForm
from mall.catalog.models import ImportJob

SHOWN_REJECTIONS = 200


def csv_response(file_name: str, rows: list[list[object]]) -> HttpResponse:
    """A CSV that Chinese Excel opens correctly: UTF-8 with a BOM."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response


def admin_context(request: HttpRequest, model_admin, title: str) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
    }


def upload(request: HttpRequest, model_admin) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.create_import_job(
            file=form.cleaned_data["file"], images=form.cleaned_data["images"],
            shop=form.cleaned_data["shop"], user=request.user,
        )  # fmt: skip
        return redirect("admin:catalog_product_import_progress", job.pk)
    context = {
        **admin_context(request, model_admin, _("导入商品")),
        "form": form,
        "columns": COLUMNS,
        "recent_jobs": ImportJob.objects.select_related("shop")[:10],
    }
    return TemplateResponse(request, "admin/catalog/product/import.html", context)


def template(request: HttpRequest, model_admin) -> HttpResponse:
    """An empty sheet with every column header, for the operator to fill in."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    return csv_response("products-template.csv", [[column.header for column in COLUMNS]])


def visible_job(request: HttpRequest, model_admin, job_id: int) -> ImportJob:
    if not (
        model_admin.has_add_permission(request) or request.user.has_perm("catalog.view_importjob")
    ):
        raise PermissionDenied
    return get_object_or_404(ImportJob.objects.select_related("shop", "created_by"), pk=job_id)


def progress(request: HttpRequest, model_admin, job_id: int) -> HttpResponse:
    job = visible_job(request, model_admin, job_id)
    context = {
        **admin_context(request, model_admin, _("导入进度：%(name)s") % {"name": job.file_name}),
        "job": job,
        "rejections": job.rejections.all()[:SHOWN_REJECTIONS],
        "shown_rejections": SHOWN_REJECTIONS,
    }
    partial = request.headers.get("HX-Request") == "true"
    name = "_import_progress.html" if partial else "import_progress.html"
    return TemplateResponse(request, f"admin/catalog/product/{name}", context)


def report(request: HttpRequest, model_admin, job_id: int) -> HttpResponse:
    return rejections_csv(visible_job(request, model_admin, job_id))


def rejections_csv(job: ImportJob) -> HttpResponse:
    rows = [[_("行号"), _("列"), _("内容"), _("原因")]]
    rows += [[r.row_number, r.column, r.value, r.reason] for r in job.rejections.all()]
    return csv_response(f"import-{job.pk}-rejected.csv", rows)
