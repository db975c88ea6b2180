"""The operators' review of 招商 applications: a queue (waiting for review first, oldest first),
the application with its files and timeline, and three decisions through intermediate forms —
approve (choosing the tier: the shop is opened by merchants), reject with a reason, ask for more
information. Applications are only changed by `onboarding.services`."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.core.admin import ReadOnlyMixin
from mall.core.money import format_fen
from mall.merchants.selectors import tiers
from mall.onboarding import selectors, services
from mall.onboarding.errors import OnboardingError
from mall.onboarding.models import Application, ApplicationBrand, ApplicationEvent
from mall.onboarding.templatetags.onboarding import percent_bp

REVIEW_PERMISSION = "onboarding.review_application"
FUNNEL_DAYS = 30


def _tier_label(tier) -> str:
    return _("%(name)s（佣金 %(rate)s，服务费 %(fee)s/月，保证金 %(deposit)s）") % {
        "name": tier.name,
        "rate": percent_bp(tier.commission_rate_bp),
        "fee": format_fen(tier.platform_fee_monthly),
        "deposit": format_fen(tier.deposit),
    }


class ApproveForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("店铺等级"))
    note = forms.CharField(
        label=gettext_lazy("审核意见（可选，会显示给申请人）"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tiers = {str(tier.pk): tier for tier in tiers()}
        self.fields["tier"].choices = [(pk, _tier_label(t)) for pk, t in self.tiers.items()]

    def decide(self, application: Application, actor) -> Application:
        tier = self.tiers[self.cleaned_data["tier"]]
        return services.approve(application, actor=actor, tier=tier, note=self.cleaned_data["note"])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("驳回原因（会短信和页面告知申请人）"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def decide(self, application: Application, actor) -> Application:
        return services.reject(application, actor=actor, reason=self.cleaned_data["reason"])


class RequestInfoForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("需要补充的资料（会短信和页面告知申请人）"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def decide(self, application: Application, actor) -> Application:
        return services.request_info(application, actor=actor, message=self.cleaned_data["message"])


DECISIONS = {
    "approve": (
        ApproveForm,
        gettext_lazy("通过申请并开通店铺"),
        gettext_lazy("已通过，店铺已开通"),
    ),
    "reject": (RejectForm, gettext_lazy("驳回申请"), gettext_lazy("已驳回，已通知申请人")),
    "request-info": (
        RequestInfoForm,
        gettext_lazy("要求补充资料"),
        gettext_lazy("已通知申请人补充资料"),
    ),
}


class ReviewInline(ReadOnlyMixin, admin.TabularInline):
    """Part of the application: whoever reviews the application sees it."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION) or super().has_view_permission(request, obj)


class BrandInline(ReviewInline):
    model = ApplicationBrand
    fields = ("name", "authorisation_link")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("品牌授权文件"))
    def authorisation_link(self, brand: ApplicationBrand) -> str:
        if not brand.authorisation:
            return "—"
        url = reverse("onboarding:authorisation_file", args=[brand.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, brand.authorisation_name)


class EventInline(ReviewInline):
    model = ApplicationEvent
    fields = ("created_at", "from_status", "to_status", "actor", "message")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("进度记录")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "company_name", "shop_name", "credit_code", "status", "submitted_at", "created_at",
        "review_links",
    )  # fmt: skip
    list_filter = ("status", "submitted_at")
    search_fields = ("company_name", "credit_code", "shop_name", "contact_mobile")
    list_select_related = ("applicant",)
    inlines = [BrandInline, EventInline]
    fields = (
        "status", "company_name", "credit_code", "legal_representative", "licence_link",
        "contact_name", "contact_mobile", "contact_email", "category_names", "shop_name",
        "logo_preview", "gmv", "applicant", "shop", "created_at", "submitted_at", "decided_at",
    )  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/onboarding/application/change_form.html"
    change_list_template = "admin/onboarding/application/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION) or super().has_view_permission(request, obj)

    def get_queryset(self, request: HttpRequest):
        return selectors.review_queue(self.model._default_manager.all())

    def get_ordering(self, request: HttpRequest):
        return selectors.QUEUE_ORDER

    @admin.display(description=gettext_lazy("营业执照"))
    def licence_link(self, application: Application) -> str:
        if not application.business_licence:
            return "—"
        url = reverse("onboarding:licence_file", args=[application.pk])
        return format_html(
            '<a href="{}" target="_blank">{}</a>', url, application.business_licence_name
        )

    @admin.display(description=gettext_lazy("主营类目"))
    def category_names(self, application: Application) -> str:
        return "、".join(category.name for category in application.categories.all()) or "—"

    @admin.display(description=gettext_lazy("店铺标志"))
    def logo_preview(self, application: Application) -> str:
        if not application.logo:
            return "—"
        return format_html('<img src="{}" alt="" height="64">', application.logo.url)

    @admin.display(description=gettext_lazy("预计月销售额"))
    def gmv(self, application: Application) -> str:
        return format_fen(application.expected_monthly_gmv) or "—"

    @admin.display(description=gettext_lazy("审核"))
    def review_links(self, application: Application) -> str:
        return (
            format_html_join(" · ", '<a href="{}">{}</a>', self._decision_links(application)) or "—"
        )

    def _decision_links(self, application: Application) -> list[tuple[str, str]]:
        allowed = services.TRANSITIONS.get(application.status, frozenset())
        targets = {
            "approve": Application.Status.APPROVED,
            "reject": Application.Status.REJECTED,
            "request-info": Application.Status.NEEDS_INFO,
        }
        return [
            (reverse("admin:onboarding_application_decide", args=[application.pk, name]),
             DECISIONS[name][1])
            for name, target in targets.items()
            if target in allowed
        ]  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        until = timezone.now()
        funnel = selectors.funnel_metrics(until - timedelta(days=FUNNEL_DAYS), until)
        context = {**(extra_context or {}), "funnel": funnel, "funnel_days": FUNNEL_DAYS}
        return super().changelist_view(request, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        links = self._decision_links(application) if application else []
        if not request.user.has_perm(REVIEW_PERMISSION):
            links = []
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "decision_links": links}
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.decide_view)
        return [
            path("<int:pk>/decide/<str:decision>/", view, name="onboarding_application_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        if decision not in DECISIONS:
            return redirect("admin:onboarding_application_change", pk)
        application = get_object_or_404(Application, pk=pk)
        form_class, title, done = DECISIONS[decision]
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                form.decide(application, request.user)
            except OnboardingError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:onboarding_application_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "application": application,
            "form": form,
        }
        return TemplateResponse(request, "admin/onboarding/application/decide.html", context)
