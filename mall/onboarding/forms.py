"""Parse the application form into `services.ApplicationInput`. Each field checks its own format
(credit code, mobile, e-mail, amount, file type); whether everything needed is there is the
submit service's question, so a half-filled draft can be saved."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from mall.catalog.selectors import active_categories
from mall.core.money import fen_to_yuan_str, yuan_to_fen
from mall.customers.errors import InvalidMobile
from mall.customers.services import require_mobile
from mall.onboarding import uploads
from mall.onboarding.services import MAX_BRANDS, ApplicationInput, BrandInput
from mall.onboarding.validators import normalize_credit_code, validate_credit_code

MAX_GMV_FEN = 10**14  # 一万亿元: anything above is a typo
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
DOCUMENT_ACCEPT = f"{IMAGE_ACCEPT},application/pdf"


def _file_field(label: str, accept: str, help_text: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": accept}),
    )


def _checked(upload: UploadedFile | None, check) -> UploadedFile | None:
    if upload is not None:
        try:
            check(upload)
        except uploads.UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
    return upload


class ApplicationForm(forms.Form):
    company_name = forms.CharField(label=_("公司名称"), max_length=128, required=False)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=32,
        required=False,
        help_text=_("18 位，见营业执照；不含字母 I、O、Z、S、V"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=32, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=32, required=False)
    contact_mobile = forms.CharField(
        label=_("联系人手机号"),
        max_length=20,
        required=False,
        help_text=_("审核进度会短信通知此号码；店铺开通后，它就是店主登录商家后台的账号"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    contact_email = forms.EmailField(
        label=_("联系人邮箱"),
        required=False,
        error_messages={"invalid": _("请输入正确的邮箱地址")},
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("主营类目"),
        queryset=active_categories().filter(level=1).order_by("position", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请选择列表中的类目")},
    )
    shop_name = forms.CharField(label=_("店铺名称"), max_length=64, required=False)
    logo = _file_field(
        _("店铺标志"), IMAGE_ACCEPT, _("JPG、PNG 或 WebP 图片，不超过 5 MB，建议正方形")
    )
    business_licence = _file_field(
        _("营业执照"),
        DOCUMENT_ACCEPT,
        _("营业执照照片或扫描件：JPG、PNG、WebP 或 PDF，不超过 5 MB"),
    )
    expected_monthly_gmv = forms.CharField(
        label=_("预计月销售额（元）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def clean_credit_code(self) -> str:
        code = normalize_credit_code(self.cleaned_data["credit_code"])
        if code:
            validate_credit_code(code)
        return code

    def clean_contact_mobile(self) -> str:
        raw = self.cleaned_data["contact_mobile"].strip()
        if not raw:
            return ""
        try:
            return require_mobile(raw)
        except InvalidMobile as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_expected_monthly_gmv(self) -> int | None:
        raw = self.cleaned_data["expected_monthly_gmv"].strip()
        if not raw:
            return None
        try:
            fen = yuan_to_fen(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("请输入金额，例如 200000 或 200000.00")) from exc
        if not 0 <= fen <= MAX_GMV_FEN:
            raise forms.ValidationError(_("请输入 0 到 1 万亿元之间的金额"))
        return fen

    def clean_logo(self) -> UploadedFile | None:
        return _checked(self.cleaned_data.get("logo"), uploads.check_logo)

    def clean_business_licence(self) -> UploadedFile | None:
        return _checked(self.cleaned_data.get("business_licence"), uploads.check_document)

    def application_input(self, brands: tuple[BrandInput, ...]) -> ApplicationInput:
        data = self.cleaned_data
        return ApplicationInput(
            company_name=data["company_name"].strip(),
            credit_code=data["credit_code"],
            legal_representative=data["legal_representative"].strip(),
            contact_name=data["contact_name"].strip(),
            contact_mobile=data["contact_mobile"],
            contact_email=data["contact_email"],
            category_ids=tuple(category.pk for category in data["categories"]),
            shop_name=data["shop_name"].strip(),
            expected_monthly_gmv=data["expected_monthly_gmv"],
            logo=data["logo"],
            business_licence=data["business_licence"],
            brands=brands,
        )

    @staticmethod
    def initial_from(application) -> dict:
        if application is None:
            return {}
        gmv = application.expected_monthly_gmv
        return {
            "company_name": application.company_name,
            "credit_code": application.credit_code,
            "legal_representative": application.legal_representative,
            "contact_name": application.contact_name,
            "contact_mobile": application.contact_mobile,
            "contact_email": application.contact_email,
            "categories": list(application.categories.all()),
            "shop_name": application.shop_name,
            "expected_monthly_gmv": fen_to_yuan_str(gmv) if gmv is not None else "",
        }


class BrandForm(forms.Form):
    brand_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label=_("品牌名称"), max_length=64, required=False)
    authorisation = _file_field(
        _("品牌授权文件"), DOCUMENT_ACCEPT, _("品牌授权书或商标注册证：图片或 PDF，不超过 5 MB")
    )

    def clean_authorisation(self) -> UploadedFile | None:
        return _checked(self.cleaned_data.get("authorisation"), uploads.check_document)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("authorisation") and not data.get("name", "").strip():
            self.add_error("name", _("请填写这份授权文件对应的品牌名称"))
        return data

    def brand_input(self) -> BrandInput:
        data = self.cleaned_data
        return BrandInput(
            name=data.get("name", "").strip(),
            authorisation=data.get("authorisation"),
            brand_id=data.get("brand_id"),
            delete=bool(data.get("DELETE")),
        )


BrandFormSet = forms.formset_factory(
    BrandForm, extra=2, can_delete=True, max_num=MAX_BRANDS, absolute_max=MAX_BRANDS + 2,
    validate_max=True,
)  # fmt: skip


def brand_formset(application, data=None, files=None):
    """The brand rows: the draft's brands first (each form knows its `existing` brand for the
    file already uploaded), then empty rows for new ones."""
    brands = list(application.brands.all()) if application else []
    initial = [{"brand_id": brand.pk, "name": brand.name} for brand in brands]
    formset = BrandFormSet(data, files, initial=initial, prefix="brands")
    existing = {brand.pk: brand for brand in brands}
    for form in formset:
        form.existing = existing.get(form.initial.get("brand_id"))
    return formset


def brand_inputs(formset) -> tuple[BrandInput, ...]:
    return tuple(form.brand_input() for form in formset if form.cleaned_data)
