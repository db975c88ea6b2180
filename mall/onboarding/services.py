"""Onboarding use-cases, one transaction each with the application's row locked: the applicant
saves a draft and submits it; the operator asks for more information, rejects or approves (which
opens the shop through merchants). Every state change is an ApplicationEvent and an SMS to the
contact mobile, queued in the same transaction."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog.models import Category
from mall.merchants import services as merchant_services
from mall.merchants.errors import MerchantError
from mall.notifications.services import enqueue_sms
from mall.onboarding.errors import IncompleteApplication, OnboardingError
from mall.onboarding.models import (
    EDITABLE_STATES,
    LIVE_STATES,
    REVIEWABLE_STATES,
    Application,
    ApplicationBrand,
    ApplicationEvent,
)

Status = Application.Status
MAX_BRANDS = 10
SMS_TEXT_LIMIT = 60
COMPANY_TAKEN = gettext_lazy(
    "该统一社会信用代码已有审核中或已通过的入驻申请，同一公司不能重复申请；如有疑问请联系招商经理"
)

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.NEEDS_INFO, Status.APPROVED, Status.REJECTED}),
    Status.RESUBMITTED: frozenset({Status.NEEDS_INFO, Status.APPROVED, Status.REJECTED}),
    Status.NEEDS_INFO: frozenset({Status.RESUBMITTED, Status.REJECTED}),
}
SMS_TEMPLATES = {
    Status.SUBMITTED: "MERCHANT_APPLICATION_SUBMITTED",
    Status.RESUBMITTED: "MERCHANT_APPLICATION_RESUBMITTED",
    Status.NEEDS_INFO: "MERCHANT_APPLICATION_NEEDS_INFO",
    Status.APPROVED: "MERCHANT_APPLICATION_APPROVED",
    Status.REJECTED: "MERCHANT_APPLICATION_REJECTED",
}


@dataclass(frozen=True)
class BrandInput:
    """A brand row of the form: `brand_id` for one already on the draft."""

    name: str
    authorisation: UploadedFile | None = None
    brand_id: int | None = None
    delete: bool = False


@dataclass(frozen=True)
class ApplicationInput:
    """The answers of the form. A file left as None keeps the one already on the draft."""

    company_name: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    contact_mobile: str = ""
    contact_email: str = ""
    category_ids: tuple[int, ...] = ()
    shop_name: str = ""
    expected_monthly_gmv: int | None = None
    logo: UploadedFile | None = None
    business_licence: UploadedFile | None = None
    brands: tuple[BrandInput, ...] = ()


# --- applicant --------------------------------------------------------------------------------


def save_draft(applicant, data: ApplicationInput) -> Application:
    """Create the applicant's draft or update the one they may edit (draft or 待补充资料)."""
    with _conflicts_explained():
        return _save_draft(applicant, data)


def submit(application: Application, *, actor) -> Application:
    """A draft goes to review; an application that was asked for more goes back to review."""
    with _conflicts_explained():
        return _submit(application, actor=actor)


@transaction.atomic
def _save_draft(applicant, data: ApplicationInput) -> Application:
    application = _editable_application_of(applicant)
    if data.credit_code:
        _ensure_company_free(data.credit_code, application)
    for field in (
        "company_name", "credit_code", "legal_representative", "contact_name",
        "contact_mobile", "contact_email", "shop_name", "expected_monthly_gmv",
    ):  # fmt: skip
        setattr(application, field, getattr(data, field))
    if data.logo is not None:
        _replace_file(application.logo, data.logo)
    if data.business_licence is not None:
        _replace_file(application.business_licence, data.business_licence)
        application.business_licence_name = _display_name(data.business_licence)
    application.save()
    application.categories.set(_level_one_categories(data.category_ids))
    _save_brands(application, data.brands)
    return application


@transaction.atomic
def _submit(application: Application, *, actor) -> Application:
    application = _locked(application)
    if application.status not in EDITABLE_STATES:
        raise OnboardingError(_("这份申请已提交，请等待审核结果"))
    missing = missing_answers(application)
    if missing:
        raise IncompleteApplication(_("还有资料没有填写完整，请补充后再提交"), missing)
    _ensure_company_free(application.credit_code, application)
    if application.status == Status.DRAFT:
        application.submitted_at = timezone.now()
        _move(application, Status.SUBMITTED, actor=actor)
    else:
        _move(application, Status.RESUBMITTED, actor=actor)
    return application


def missing_answers(application: Application) -> dict[str, str]:
    """Field → what is missing before the application can be submitted."""
    required = {
        "company_name": _("请填写公司名称"),
        "credit_code": _("请填写统一社会信用代码"),
        "legal_representative": _("请填写法定代表人"),
        "contact_name": _("请填写联系人"),
        "contact_mobile": _("请填写联系人手机号"),
        "contact_email": _("请填写联系人邮箱"),
        "shop_name": _("请填写店铺名称"),
        "logo": _("请上传店铺标志"),
        "business_licence": _("请上传营业执照"),
    }
    missing = {
        field: message for field, message in required.items() if not getattr(application, field)
    }
    if application.expected_monthly_gmv is None:
        missing["expected_monthly_gmv"] = _("请填写预计月销售额")
    if not application.categories.exists():
        missing["categories"] = _("请至少选择一个主营类目")
    brands = list(application.brands.all())
    if not brands:
        missing["brands"] = _("请至少填写一个经营品牌并上传授权文件")
    elif any(not brand.authorisation for brand in brands):
        missing["brands"] = _("每个品牌都需要上传授权文件")
    return missing


# --- operator ---------------------------------------------------------------------------------


@transaction.atomic
def request_info(application: Application, *, actor, message: str) -> Application:
    application = _locked(application)
    message = _required_text(message, _("请写明需要补充哪些资料"))
    _move(application, Status.NEEDS_INFO, actor=actor, message=message)
    return application


@transaction.atomic
def reject(application: Application, *, actor, reason: str) -> Application:
    application = _locked(application)
    reason = _required_text(reason, _("请填写驳回原因"))
    application.decided_at = timezone.now()
    _move(application, Status.REJECTED, actor=actor, message=reason)
    return application


@transaction.atomic
def approve(application: Application, *, actor, tier, note: str = "") -> Application:
    """Open the shop (merchants) and approve, or change nothing: a refusal from merchants (a
    taken shop name, an owner mobile already working for another shop) is an OnboardingError."""
    application = _locked(application)
    if application.status not in REVIEWABLE_STATES:
        raise _refused_move(application, Status.APPROVED)
    try:
        shop = merchant_services.open_shop(
            name=application.shop_name,
            tier=tier,
            owner_mobile=application.contact_mobile,
            owner_name=application.contact_name,
            logo=_copy_of(application.logo),
            actor=actor,
            note=_("入驻申请 #%(id)s") % {"id": application.pk},
        )
    except MerchantError as exc:
        raise OnboardingError(str(exc)) from exc
    application.shop = shop
    application.decided_at = timezone.now()
    message = note.strip() or _("店铺“%(shop)s”已开通，等级：%(tier)s") % {
        "shop": shop.name,
        "tier": shop.tier.name,
    }
    _move(application, Status.APPROVED, actor=actor, message=message)
    return application


# --- helpers ----------------------------------------------------------------------------------


def _editable_application_of(applicant) -> Application:
    open_ones = (
        Application.objects.select_for_update()
        .filter(applicant=applicant)
        .exclude(status__in=[Status.APPROVED, Status.REJECTED])
    )
    application = open_ones.first()
    if application is None:
        application = Application.objects.create(applicant=applicant)
        ApplicationEvent.objects.create(
            application=application, actor=applicant, to_status=Status.DRAFT
        )
    elif not application.is_editable:
        raise OnboardingError(_("您的入驻申请正在审核中，审核结果出来前不能修改"))
    return application


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _ensure_company_free(credit_code: str, application: Application) -> None:
    taken = (
        Application.objects.filter(credit_code=credit_code, status__in=LIVE_STATES)
        .exclude(pk=application.pk)
        .exists()
    )
    if taken:
        raise OnboardingError(str(COMPANY_TAKEN), field="credit_code")


@contextmanager
def _conflicts_explained() -> Iterator[None]:
    """Two requests racing past the checks: the database constraints decide, and the loser gets
    the same message as the check would have given."""
    try:
        yield
    except IntegrityError as exc:
        if "credit_code" in str(exc) or "one_live_application_per_company" in str(exc):
            raise OnboardingError(str(COMPANY_TAKEN), field="credit_code") from exc
        raise OnboardingError(_("申请刚刚被修改过，请刷新页面后重试")) from exc


def _move(application: Application, to: str, *, actor, message: str = "") -> ApplicationEvent:
    if to not in TRANSITIONS.get(application.status, frozenset()):
        raise _refused_move(application, to)
    event = ApplicationEvent.objects.create(
        application=application, actor=actor, from_status=application.status, to_status=to,
        message=message,
    )  # fmt: skip
    application.status = to
    application.save()
    _notify(application, event)
    return event


def _refused_move(application: Application, to: str) -> OnboardingError:
    return OnboardingError(
        _("申请当前为“%(old)s”，不能变为“%(new)s”")
        % {"old": application.get_status_display(), "new": Status(to).label}
    )


def _notify(application: Application, event: ApplicationEvent) -> None:
    template = SMS_TEMPLATES.get(event.to_status)
    if template is None or not application.contact_mobile:
        return
    params = {"company": _short(application.company_name), "message": _clause(event.message)}
    if application.shop_id:
        params["shop"] = application.shop.name
    enqueue_sms(
        key=f"onboarding-event:{event.pk}",
        phone=application.contact_mobile,
        template=template,
        params=params,
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SMS_TEXT_LIMIT else text[: SMS_TEXT_LIMIT - 1] + "…"


def _clause(text: str) -> str:
    """The operator's words inside an SMS sentence that ends them with its own 。"""
    return _short(text).rstrip("。.！!；;，, ")


def _required_text(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise OnboardingError(message)
    return text


def _level_one_categories(ids: Iterable[int]) -> list[Category]:
    return list(Category.objects.filter(pk__in=list(ids), level=1, is_active=True))


def _save_brands(application: Application, brands: Iterable[BrandInput]) -> None:
    """Rows with a brand id edit that brand of this application (ids of anyone else's are new
    rows); a brand ticked for removal or emptied of its name goes, with its file."""
    existing = {brand.pk: brand for brand in application.brands.all()}
    for row in brands:
        brand = existing.get(row.brand_id) if row.brand_id else None
        if row.delete or (brand is not None and not row.name):
            if brand is not None:
                _delete_file_on_commit(brand.authorisation)
                brand.delete()
            continue
        if brand is None:
            if not (row.name or row.authorisation):
                continue
            brand = ApplicationBrand(application=application)
        brand.name = row.name
        if row.authorisation is not None:
            _replace_file(brand.authorisation, row.authorisation)
            brand.authorisation_name = _display_name(row.authorisation)
        brand.save()
    if application.brands.count() > MAX_BRANDS:
        raise OnboardingError(
            _("最多填写 %(count)d 个品牌") % {"count": MAX_BRANDS}, field="brands"
        )


def _replace_file(field: FieldFile, upload: UploadedFile) -> None:
    """Store the new file; the old one is deleted once the transaction commits."""
    _delete_file_on_commit(field)
    field.save(upload.name, upload, save=False)


def _delete_file_on_commit(field: FieldFile) -> None:
    if field:
        name, storage = field.name, field.storage
        transaction.on_commit(lambda: storage.delete(name))


def _copy_of(field: FieldFile) -> ContentFile | None:
    """The shop gets its own copy of the logo: the application's file stays the applicant's."""
    if not field:
        return None
    with field.open("rb") as handle:
        return ContentFile(handle.read(), name=PurePosixPath(field.name).name)


def _display_name(upload: UploadedFile) -> str:
    return (upload.name or "").rsplit("/", 1)[-1][:255]
