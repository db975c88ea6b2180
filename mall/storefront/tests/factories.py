import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mall.catalog import services
from mall.catalog.models import Product, ProductParam
from mall.storefront.models import Banner


def png_upload(
    name: str = "photo.png", color: tuple[int, int, int] = (228, 57, 60), size=(600, 600)
):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def add_images(product: Product, count: int, size=(600, 600)) -> None:
    for position in range(count):
        upload = png_upload(f"p{product.pk}-{position}.png", size=size)
        services.add_product_image(product, upload, position=position)


def add_params(product: Product, count: int) -> None:
    ProductParam.objects.bulk_create(
        ProductParam(product=product, name=f"参数{n}", value=f"值{n}", position=n)
        for n in range(count)
    )


class BannerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Banner

    title = factory.Sequence(lambda n: f"双十二狂欢{n}")
    subtitle = "全场满 300 减 40"
    image = factory.django.ImageField(filename="banner.png", width=1200, height=400, color="red")
    link_url = "/categories/"
