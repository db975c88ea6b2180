"""Merchant applications (入驻申请): what a company submits, its brands and documents, and every
step of the review. The documents are kept in private storage, outside the public media folder."""

import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Beside MEDIA_ROOT, never under it: /media/ does not serve these; views check who asks."""

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT).parent / "private")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


def document_path(instance, filename: str) -> str:
    """Unguessable names; the original name is kept on the row for display."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"onboarding/{uuid.uuid4().hex}{suffix}"


def logo_path(instance, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"onboarding/logos/{uuid.uuid4().hex}{suffix}"


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        NEEDS_INFO = "needs_info", _("待补充资料")
        RESUBMITTED = "resubmitted", _("已补充资料，待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="merchant_applications",
        verbose_name=_("申请人账号"),
    )  # fmt: skip
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.DRAFT)
    company_name = models.CharField(_("公司名称"), max_length=128, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=32, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_mobile = models.CharField(_("联系人手机号"), max_length=11, blank=True)
    contact_email = models.EmailField(_("联系人邮箱"), blank=True)
    categories = models.ManyToManyField(
        "catalog.Category", blank=True, related_name="+", verbose_name=_("主营类目")
    )
    shop_name = models.CharField(_("店铺名称"), max_length=64, blank=True)
    logo = models.ImageField(_("店铺标志"), upload_to=logo_path, blank=True)
    business_licence = models.FileField(
        _("营业执照"), upload_to=document_path, storage=private_storage, blank=True
    )
    business_licence_name = models.CharField(_("营业执照文件名"), max_length=255, blank=True)
    expected_monthly_gmv = models.BigIntegerField(_("预计月销售额（分）"), null=True, blank=True)
    shop = models.ForeignKey(
        "merchants.Shop", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("开通的店铺"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("入驻申请")
        verbose_name_plural = _("入驻申请")
        ordering = ["-created_at", "-id"]
        permissions = [("review_application", _("可以审核入驻申请"))]
        constraints = [
            # A company has one application in review or approved at a time; a rejected one
            # (or a draft nobody submitted) does not stop a new one.
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(status__in=["submitted", "needs_info", "resubmitted", "approved"]),
                name="one_live_application_per_company",
            ),
            # An applicant works on one application at a time.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=~Q(status__in=["approved", "rejected"]),
                name="one_open_application_per_applicant",
            ),
            models.CheckConstraint(
                condition=Q(expected_monthly_gmv__gte=0) | Q(expected_monthly_gmv__isnull=True),
                name="application_gmv_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.company_name or _("入驻申请 #%(id)s") % {"id": self.pk}

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def in_review(self) -> bool:
        return self.status in REVIEWABLE_STATES


EDITABLE_STATES = frozenset({Application.Status.DRAFT, Application.Status.NEEDS_INFO})
REVIEWABLE_STATES = frozenset({Application.Status.SUBMITTED, Application.Status.RESUBMITTED})
LIVE_STATES = frozenset(
    {*REVIEWABLE_STATES, Application.Status.NEEDS_INFO, Application.Status.APPROVED}
)


class ApplicationBrand(models.Model):
    """A brand the company will sell, with the brand owner's authorisation (品牌授权书)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="brands")
    name = models.CharField(_("品牌名称"), max_length=64)
    authorisation = models.FileField(
        _("品牌授权文件"), upload_to=document_path, storage=private_storage, blank=True
    )
    authorisation_name = models.CharField(_("授权文件名"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("经营品牌")
        verbose_name_plural = _("经营品牌")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ApplicationEvent(models.Model):
    """One step of an application: who moved it, when, from which state to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )  # fmt: skip
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=Application.Status, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=16, choices=Application.Status)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请记录")
        verbose_name_plural = _("申请记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"

    @property
    def step(self) -> str:
        """What happened, in the applicant's words."""
        return str(STEP_LABELS.get(self.to_status, self.get_to_status_display()))


STEP_LABELS = {
    Application.Status.DRAFT: _("创建申请"),
    Application.Status.SUBMITTED: _("提交申请"),
    Application.Status.NEEDS_INFO: _("平台要求补充资料"),
    Application.Status.RESUBMITTED: _("补充资料后重新提交"),
    Application.Status.APPROVED: _("审核通过，店铺已开通"),
    Application.Status.REJECTED: _("审核未通过"),
}
