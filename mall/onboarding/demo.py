"""Demo 招商 applications (seed_demo): one company in each state of the review, with generated
files, moved through the same services as real ones. Idempotent: a company (credit code) that
already has an application is left alone."""

import random
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mall.catalog.selectors import active_categories
from mall.merchants.selectors import tiers
from mall.onboarding import services
from mall.onboarding.models import Application
from mall.onboarding.validators import credit_code_check_char

Status = Application.Status
APPLICANT_MOBILE_PREFIX = "1370000"
SAMPLE_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# company, shop, brand, the state it ends in
COMPANIES = [
    ("上海外滩餐具有限公司", "外滩餐具", "外滩", Status.DRAFT),
    ("上海弄堂点心食品有限公司", "弄堂点心", "弄堂", Status.SUBMITTED),
    ("上海梧桐服饰有限公司", "梧桐服饰旗舰店", "梧桐", Status.SUBMITTED),
    ("上海石库门家居用品有限公司", "石库门家居", "石库门", Status.NEEDS_INFO),
    ("上海苏河数码科技有限公司", "苏河数码", "苏河", Status.RESUBMITTED),
    ("上海陆家嘴美妆有限公司", "陆家嘴美妆", "陆家嘴", Status.REJECTED),
    ("上海豫园茶业有限公司", "豫园茶庄", "豫园", Status.APPROVED),
]
ASK_FOR_MORE = "品牌授权书缺少授权期限，请上传带有效期的授权书。"
REJECTION = "所售品牌的商标注册证与授权方不一致。"


def sample_png(color: tuple[int, int, int], size: int = 96) -> bytes:
    out = BytesIO()
    Image.new("RGB", (size, size), color).save(out, "PNG")
    return out.getvalue()


def demo_credit_code(position: int) -> str:
    first17 = f"91310000MA1F{position:04d}0"
    return first17 + credit_code_check_char(first17)


def seed_demo_data(seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    categories = list(active_categories().filter(level=1).order_by("position", "pk")[:6])
    created = 0
    for position, (company, shop, brand, state) in enumerate(COMPANIES, start=1):
        code = demo_credit_code(position)
        if Application.objects.filter(credit_code=code).exists():
            continue
        applicant = _applicant(position)
        picked = rng.sample(categories, k=min(2, len(categories)))
        color = tuple(rng.randrange(40, 220) for _ in range(3))
        data = services.ApplicationInput(
            company_name=company,
            credit_code=code,
            legal_representative=rng.choice(["王建国", "李秀英", "张伟", "陈静"]),
            contact_name=rng.choice(["刘洋", "杨帆", "赵敏", "周杰"]),
            contact_mobile=applicant.mobile,
            contact_email=f"bd{position}@example.com",
            category_ids=tuple(category.pk for category in picked),
            shop_name=shop,
            expected_monthly_gmv=rng.randrange(5, 200) * 10_000 * 100,
            logo=SimpleUploadedFile("logo.png", sample_png(color)),
            business_licence=SimpleUploadedFile("营业执照.pdf", SAMPLE_PDF),
            brands=(
                services.BrandInput(
                    name=brand, authorisation=SimpleUploadedFile("品牌授权书.pdf", SAMPLE_PDF)
                ),
            ),
        )
        _walk_to(state, services.save_draft(applicant, data), applicant)
        created += 1
    by_state = {
        label: Application.objects.filter(
            status=value, credit_code__startswith="91310000MA1F"
        ).count()
        for value, label in Status.choices
    }
    return {"入驻申请（新建）": created, **{f"入驻申请·{k}": v for k, v in by_state.items()}}


def _applicant(position: int):
    mobile = f"{APPLICANT_MOBILE_PREFIX}{position:04d}"
    users = get_user_model().objects
    return users.filter(mobile=mobile).first() or users.create_user(username=mobile, mobile=mobile)


def _walk_to(state: str, application: Application, applicant) -> None:
    """Move a fresh draft along the review to `state`, as the applicant and an operator would."""
    if state == Status.DRAFT:
        return
    services.submit(application, actor=applicant)
    if state in {Status.NEEDS_INFO, Status.RESUBMITTED}:
        services.request_info(application, actor=None, message=ASK_FOR_MORE)
    if state == Status.RESUBMITTED:
        services.submit(application, actor=applicant)
    if state == Status.REJECTED:
        services.reject(application, actor=None, reason=REJECTION)
    if state == Status.APPROVED:
        services.approve(application, actor=None, tier=tiers()[0])
