"""Write use-cases of the catalog. Each runs in one transaction and keeps the product's
summary columns (prices, stock, cover, spec values) and the search index in step."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.catalog.cache import bump_catalog_generation
from mall.catalog.models import Product, ProductImage, Sku, SpecValue
from mall.core.images import BadImage, make_thumbnails, open_image
from mall.core.richtext import sanitize_html

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Product.Status.DRAFT: {Product.Status.PENDING},
    Product.Status.PENDING: {Product.Status.ON_SALE, Product.Status.DRAFT},
    Product.Status.ON_SALE: {Product.Status.OFF_SHELF},
    Product.Status.OFF_SHELF: {Product.Status.PENDING, Product.Status.ON_SALE},
}
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def products_changed(product_ids: Iterable[int]) -> None:
    """After commit: drop cached pages and re-index the products for search."""
    ids = list(product_ids)

    def after_commit() -> None:
        from mall.search.services import index_products

        bump_catalog_generation()
        index_products(ids)

    transaction.on_commit(after_commit)


def refresh_product_summary(product: Product) -> None:
    """Recompute the columns listings read, from the product's SKUs, specs and images."""
    skus = Sku.objects.filter(product=product, is_active=True)
    agg = skus.aggregate(
        low=Min("price"), high=Max("price"), market=Max("market_price"), stock=Sum("stock")
    )
    product.price_min = agg["low"] or 0
    product.price_max = agg["high"] or 0
    product.market_price = agg["market"] or 0
    product.stock_total = agg["stock"] or 0
    first_image = product.images.filter(sku__isnull=True).first() or product.images.first()
    product.cover = first_image.image.name if first_image else ""
    product.save(
        update_fields=["price_min", "price_max", "market_price", "stock_total", "cover",
                       "updated_at"]
    )  # fmt: skip
    SpecValue.objects.filter(product=product).delete()
    SpecValue.objects.bulk_create(
        SpecValue(product=product, name=spec.name, value=value)
        for spec in product.specs.all()
        for value in dict.fromkeys(spec.values)
    )


@transaction.atomic
def save_product(product: Product) -> Product:
    """Create or update a product's own fields; the description is sanitised."""
    product.description = sanitize_html(product.description)
    product.full_clean(exclude=["cover"])
    product.save()
    refresh_product_summary(product)
    products_changed([product.pk])
    return product


@transaction.atomic
def change_status(product: Product, new_status: str) -> Product:
    """Move a product along draft → pending review → on sale → off shelf."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if new_status not in ALLOWED_TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("商品状态不能从“%(old)s”变为“%(new)s”")
            % {"old": locked.get_status_display(), "new": Product.Status(new_status).label}
        )
    if new_status == Product.Status.ON_SALE and not locked.skus.filter(is_active=True).exists():
        raise ValidationError(_("没有可售 SKU 的商品不能上架"))
    locked.status = new_status
    if new_status == Product.Status.ON_SALE:
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    products_changed([locked.pk])
    return locked


@transaction.atomic
def add_product_image(
    product: Product, upload: UploadedFile, *, sku: Sku | None = None, position: int = 0
) -> ProductImage:
    """Store a gallery image and its WebP/JPEG thumbnails; BadImage for a corrupt upload."""
    if upload.size and upload.size > MAX_IMAGE_BYTES:
        raise BadImage(_("图片不能超过 10 MB"))
    data = upload.read()
    open_image(data)
    upload.seek(0)
    image = ProductImage(product=product, sku=sku, alt=product.name[:120], position=position)
    image.image.save(upload.name, upload, save=True)
    make_thumbnails(image.image.name)
    refresh_product_summary(product)
    products_changed([product.pk])
    return image
