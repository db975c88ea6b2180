"""Applications in any state, with small real files (a PNG logo, a PDF licence)."""

from io import BytesIO

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mall.catalog.tests.factories import CategoryFactory
from mall.customers.tests.factories import ShopperFactory
from mall.onboarding.models import Application, ApplicationBrand, ApplicationEvent
from mall.onboarding.validators import credit_code_check_char

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (32, 32), color=(228, 57, 60)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(), content_type="image/png")


def pdf_upload(name: str = "licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def credit_code(serial: int) -> str:
    """A valid code for a Shanghai company (91 310000 …) with the serial in the org code."""
    first17 = f"91310000{serial:08d}X"
    return first17 + credit_code_check_char(first17)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft (ready to submit); pass status=… for other states."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(ShopperFactory)
    company_name = factory.Sequence(lambda n: f"上海测试贸易有限公司{n}")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1))
    legal_representative = "张三"
    contact_name = "李四"
    contact_mobile = factory.Sequence(lambda n: f"137{n:08d}")
    contact_email = "bd@example.com"
    shop_name = factory.Sequence(lambda n: f"申请店铺{n}")
    expected_monthly_gmv = 20_000_000
    logo = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="logo.png"))
    business_licence = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="licence.pdf"))
    business_licence_name = "营业执照.pdf"

    @factory.post_generation
    def brands(self, create, extracted, **kwargs):
        if not create:
            return
        for name in extracted if extracted is not None else ["测试品牌"]:
            brand = ApplicationBrand(application=self, name=name, authorisation_name="授权书.pdf")
            brand.authorisation.save("auth.pdf", ContentFile(PDF_BYTES), save=True)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(extracted if extracted is not None else [CategoryFactory()])

    @factory.post_generation
    def started(self, create, extracted, **kwargs):
        if create:
            ApplicationEvent.objects.create(
                application=self, actor=self.applicant, to_status=Application.Status.DRAFT
            )
