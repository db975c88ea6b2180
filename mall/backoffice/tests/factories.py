import datetime as dt
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from mall.customers.tests.factories import ShopperFactory
from mall.merchants.models import Shop
from mall.orders.models import Order, OrderStatus


def shop_order(
    shop: Shop, *, total: int = 10000, status: str = OrderStatus.PAID,
    paid_at: dt.datetime | None = None,
) -> Order:  # fmt: skip
    """An order row as the dashboard reads it (its lines do not matter there)."""
    return Order.objects.create(
        no=f"BO{Order.objects.count() + 1:014d}", shop=shop, buyer=ShopperFactory(),
        goods=total, total=total, status=status, paid_at=paid_at or timezone.now(),
    )  # fmt: skip


def image_upload(name: str = "logo.png", size: tuple[int, int] = (120, 120)) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", size, (228, 57, 60)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
