"""Write use-cases of the catalog. Each runs in one transaction and keeps the product's
summary columns (prices, stock, cover, spec values) and the search index in step."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.db.models import F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin

from mall.catalog.cache import bump_catalog_generation
from mall.catalog.models import (
    Brand,
    Category,
    ImportJob,
    Product,
    ProductImage,
    ProductParam,
    ProductReview,
    ProductSpec,
    Sku,
    SpecValue,
)
from mall.catalog.signals import prices_changed
from mall.core.images import BadImage, make_thumbnails, open_image
from mall.core.richtext import sanitize_html
from mall.merchants.models import Shop

Status = Product.Status
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PENDING},
    Status.PENDING: {Status.ON_SALE, Status.REJECTED, Status.DRAFT},
    Status.REJECTED: {Status.PENDING, Status.DRAFT},
    Status.ON_SALE: {Status.OFF_SHELF, Status.PENDING},
    Status.OFF_SHELF: {Status.PENDING, Status.ON_SALE, Status.DRAFT},
}
# A content edit (name, description, images, specs …) of a product the operator approved takes
# it off sale until reviewed again; price and stock edits go live at once (docs/merchants.md).
STATUS_AFTER_CONTENT_EDIT: dict[str, str] = {
    Status.ON_SALE: Status.PENDING,
    Status.OFF_SHELF: Status.DRAFT,
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


def record_sales(quantities: Mapping[int, int]) -> None:
    """Add paid quantities (product id → pieces) to the products' sales, inside the caller's
    (the payment's) transaction: one conditional UPDATE per product in pk order, so concurrent
    payments never wait on each other in a cycle. No page cache is dropped and nothing is
    re-indexed: listings sorted by 销量 catch up as their cache entries expire, and after commit
    search's stored popularity is brought up to the new sales (one UPDATE, no re-tokenising)."""
    for product_id, quantity in sorted(quantities.items()):
        if quantity <= 0:
            raise ValueError(f"sales must be positive: {product_id} × {quantity}")
        Product.objects.filter(pk=product_id).update(sales_count=F("sales_count") + quantity)

    def after_commit() -> None:
        from mall.search.services import refresh_popularity

        refresh_popularity(quantities)

    transaction.on_commit(after_commit)


def refresh_stock_totals(product_ids: Iterable[int] | QuerySet) -> None:
    """Recompute the products' listed stock (Σ of their active SKUs) in two statements: the
    totals before, then one UPDATE … RETURNING (PostgreSQL; SQLite ≥ 3.35). Cached pages are
    dropped only for products that sold out or came back, so a busy sale does not empty the
    cache. `product_ids` may be a subquery (e.g. the products of some SKUs)."""
    if not isinstance(product_ids, QuerySet):
        product_ids = sorted(set(product_ids))
    before = dict(Product.objects.filter(pk__in=product_ids).values_list("pk", "stock_total"))
    if not before:
        return
    after = _recount_stock(sorted(before))
    flipped = [pk for pk, total in after.items() if (total > 0) != (before[pk] > 0)]
    if flipped:
        products_changed(flipped)


def _recount_stock(product_ids: list[int]) -> dict[int, int]:
    """On PostgreSQL the rows are locked in pk order first, as `record_sales` does: a multi-row
    UPDATE locks in scan order, which deadlocked against a payment recording its sales."""
    product, sku = Product._meta.db_table, Sku._meta.db_table
    ids = ", ".join(["%s"] * len(product_ids))
    if connection.vendor == "postgresql":
        ids = f"SELECT id FROM {product} WHERE id IN ({ids}) ORDER BY id FOR UPDATE"
    sql = (
        f"UPDATE {product} SET stock_total = COALESCE((SELECT SUM(s.stock) FROM {sku} AS s "
        f"WHERE s.product_id = {product}.id AND s.is_active), 0) "
        f"WHERE id IN ({ids}) RETURNING id, stock_total"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, product_ids)
        return dict(cursor.fetchall())


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
    transaction.on_commit(
        lambda: prices_changed.send(sender=Product, product_ids=[product.pk]), robust=True
    )
    SpecValue.objects.filter(product=product).delete()
    SpecValue.objects.bulk_create(
        SpecValue(product=product, name=spec.name, value=value)
        for spec in ProductSpec.objects.filter(product=product)  # never a stale prefetch
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
def submit_for_review(product: Product, *, actor=None, reason: str = "") -> Product:
    """Draft or rejected → pending review (商品审核), recorded for the review history."""
    product = change_status(product, Status.PENDING)
    record_review(product, ProductReview.Decision.SUBMITTED, actor=actor, reason=reason)
    return product


@transaction.atomic
def approve_product(product: Product, *, reviewer) -> Product:
    """The operator's yes: a pending product goes on sale."""
    _require_status(product, {Status.PENDING}, _("只能审核“待审核”的商品"))
    product = change_status(product, Status.ON_SALE)
    record_review(product, ProductReview.Decision.APPROVED, actor=reviewer)
    return product


@transaction.atomic
def reject_product(product: Product, *, reviewer, reason: str) -> Product:
    """The operator's no, with the reason the seller reads on the product's page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写驳回原因，商家会看到它"))
    _require_status(product, {Status.PENDING}, _("只能审核“待审核”的商品"))
    product = change_status(product, Status.REJECTED)
    record_review(product, ProductReview.Decision.REJECTED, actor=reviewer, reason=reason)
    notify_rejection(product, reason)
    return product


@transaction.atomic
def put_on_shelf(product: Product, *, actor=None) -> Product:
    """The seller puts an approved product back on sale (only from 已下架: anything else needs
    the operator's review first)."""
    message = _("只有已下架的商品可以直接上架，其他商品需先审核")
    _require_status(product, {Status.OFF_SHELF}, message)
    return change_status(product, Status.ON_SALE)


@transaction.atomic
def take_off_shelf(product: Product, *, actor=None) -> Product:
    _require_status(product, {Status.ON_SALE}, _("只有在售的商品可以下架"))
    return change_status(product, Status.OFF_SHELF)


@transaction.atomic
def take_off_shelf_all(shop: Shop) -> int:
    """Every product the shop has on sale goes off shelf (a suspended shop); returns how many."""
    on_sale = Product.objects.filter(shop=shop, status=Status.ON_SALE).order_by("pk")
    ids = list(on_sale.select_for_update().values_list("pk", flat=True))
    Product.objects.filter(pk__in=ids).update(status=Status.OFF_SHELF, updated_at=timezone.now())
    products_changed(ids)
    return len(ids)


def record_review(
    product: Product, decision: str, *, actor=None, reason: str = ""
) -> ProductReview:
    return ProductReview.objects.create(
        product=product, decision=decision, actor=actor, reason=reason[:500]
    )


def notify_rejection(product: Product, reason: str) -> None:
    """An SMS (through the outbox, in this transaction) to whoever submitted the product."""
    from mall.notifications.services import enqueue_sms

    rejection = product.reviews.filter(decision=ProductReview.Decision.REJECTED).first()
    submitted = product.reviews.filter(decision=ProductReview.Decision.SUBMITTED)
    submitter = submitted.exclude(actor=None).select_related("actor").first()
    phone = getattr(submitter.actor, "mobile", "") if submitter else ""
    if rejection is None or not phone:
        return
    enqueue_sms(
        key=f"product-rejected:{rejection.pk}", phone=phone, template="PRODUCT_REJECTED",
        params={"product": product.name[:20], "reason": reason[:60]},
    )  # fmt: skip


def _require_status(product: Product, allowed: set[str], message: str) -> None:
    locked = Product.objects.select_for_update().filter(pk=product.pk)
    current = locked.values_list("status", flat=True).first()
    if current not in allowed:
        raise ValidationError(message)


@transaction.atomic
def add_product_image(
    product: Product, upload: UploadedFile, *, sku: Sku | None = None, position: int = 0
) -> ProductImage:
    """Store a gallery image and its WebP/JPEG thumbnails; BadImage for a corrupt upload."""
    check_upload_size(upload)
    image = store_product_image(product, upload.name, upload.read(), sku=sku, position=position)
    refresh_product_summary(product)
    products_changed([product.pk])
    return image


def check_upload_size(upload: File) -> None:
    if upload.size and upload.size > MAX_IMAGE_BYTES:
        raise BadImage(_("图片不能超过 10 MB"))


def check_image(data: bytes) -> None:
    """BadImage unless `data` is a readable image within the size limits."""
    if len(data) > MAX_IMAGE_BYTES:
        raise BadImage(_("图片不能超过 10 MB"))
    open_image(data)


def check_image_upload(upload: File) -> None:
    """For forms: refuse an oversized, corrupt or non-image upload before it is stored."""
    check_upload_size(upload)
    check_image(upload.read())
    upload.seek(0)


def store_product_image(
    product: Product,
    name: str,
    data: bytes,
    *,
    sku: Sku | None = None,
    position: int = 0,
    source_name: str = "",
) -> ProductImage:
    """Check and store one image with its thumbnails; the caller refreshes the summary."""
    check_image(data)
    image = ProductImage(
        product=product, sku=sku, alt=product.name[:120], position=position,
        source_name=source_name[:255],
    )  # fmt: skip
    image.image.save(name, ContentFile(data), save=True)
    make_thumbnails(image.image.name)
    return image


def image_replaced(image: ProductImage) -> None:
    """An image file was stored through a form: write its thumbnails."""
    make_thumbnails(image.image.name)


@transaction.atomic
def sync_product_summary(product: Product) -> None:
    """After SKUs, specs or images were edited directly (the admin's inlines)."""
    refresh_product_summary(product)
    products_changed([product.pk])


@transaction.atomic
def delete_products(products: QuerySet[Product]) -> int:
    ids = list(products.values_list("pk", flat=True))
    Product.objects.filter(pk__in=ids).delete()
    products_changed(ids)
    return len(ids)


def unique_slug(model: type[models.Model], name: str) -> str:
    """A readable ASCII slug from a Chinese name (李宁 → li-ning), made unique with -2, -3 …"""
    base = slugify("-".join(lazy_pinyin(name)))[:56] or model._meta.model_name
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def save_category(category: Category) -> Category:
    """Create or move a category; the tree stays three levels deep (see Category.clean)."""
    category.slug = category.slug or unique_slug(Category, category.name)
    category.full_clean()
    category.save()
    Category.objects.filter(parent=category).update(level=category.level + 1)
    Category.objects.filter(parent__parent=category).update(level=category.level + 2)
    in_subtree = Q(category=category) | Q(category__parent=category)
    products_changed(
        Product.objects.filter(in_subtree | Q(category__parent__parent=category)).values_list(
            "pk", flat=True
        )
    )
    return category


@transaction.atomic
def save_brand(brand: Brand) -> Brand:
    brand.slug = brand.slug or unique_slug(Brand, brand.name)
    if not brand.initial:
        first = brand.slug[:1].upper()
        brand.initial = first if first.isascii() and first.isalpha() else "#"
    brand.full_clean()
    brand.save()
    products_changed(brand.products.values_list("pk", flat=True))
    return brand


@transaction.atomic
def get_or_create_brand(name: str) -> Brand:
    return Brand.objects.filter(name__iexact=name).first() or save_brand(Brand(name=name))


def shop_changed(shop: Shop) -> None:
    """A shop's name, status or logo changed: its products' pages and visibility follow."""
    products_changed(shop.products.values_list("pk", flat=True))


@transaction.atomic
def create_import_job(
    *,
    file: File,
    images: File | None = None,
    shop: Shop | None = None,
    user=None,
    shop_only: bool = False,
) -> ImportJob:
    """Store the uploaded files privately and run the import in the worker after commit.
    `shop_only`: a seller's import, every row in `shop`, new products as drafts (see runner)."""
    from mall.catalog.tasks import run_import_job

    job = ImportJob(file_name=file.name[:255], shop=shop, created_by=user, shop_only=shop_only)
    job.file.save(file.name, file, save=False)
    if images is not None:
        job.images.save(images.name, images, save=False)
    job.save()
    transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


# --- the seller's product editor -------------------------------------------------------------

CONTENT_FIELDS = ("name", "subtitle", "category", "brand", "description")
SKU_FIELDS = ("price", "market_price", "weight_grams", "barcode", "merchant_code", "is_active")


@dataclass
class SkuDraft:
    """One spec combination's SKU as the seller filled it in; `stock` counts for a new SKU only
    (an existing SKU's stock changes on the stock page, with a reason)."""

    spec_values: tuple[str, ...]
    price: int
    market_price: int = 0
    weight_grams: int = 0
    barcode: str = ""
    merchant_code: str = ""
    is_active: bool = True
    stock: int = 0
    image: UploadedFile | None = None


@dataclass
class ProductDraft:
    fields: dict[str, object]  # name, subtitle, category, brand, merchant_code, description
    params: list[tuple[str, str]]
    specs: list[tuple[str, list[str]]]
    skus: list[SkuDraft]
    new_images: list[UploadedFile] = field(default_factory=list)
    removed_image_ids: set[int] = field(default_factory=set)


@transaction.atomic
def save_seller_product(
    shop: Shop, product: Product | None, draft: ProductDraft, *, actor=None
) -> Product:
    """Create or edit one of the shop's products with its parameters, specs, SKUs and images,
    all or nothing. A content edit of an approved product sends it back to review (see
    STATUS_AFTER_CONTENT_EDIT); SKUs whose combination is gone are deleted, or only deactivated
    when orders point at them. ValidationError (in Chinese) when the draft does not hold."""
    check_draft(draft)
    if product is not None:
        product = Product.objects.select_for_update().get(pk=product.pk, shop=shop)
    product = product or Product(shop=shop)
    is_new = product.pk is None
    changed = set_content(product, draft.fields)
    save_product_row(product)
    changed |= replace_params(product, draft.params)
    changed |= replace_specs(product, draft.specs)
    changed |= edit_images(product, draft)
    changed |= write_skus(product, draft.skus, actor=actor)
    refresh_product_summary(product)
    if changed and not is_new:
        back_to_review(product, actor=actor)
    products_changed([product.pk])
    return product


def back_to_review(product: Product, *, actor=None) -> None:
    """A content edit of an approved product: off sale until the operator has looked again."""
    new_status = STATUS_AFTER_CONTENT_EDIT.get(product.status)
    if new_status is None:
        return
    product.status = new_status
    product.save(update_fields=["status", "updated_at"])
    if new_status == Status.PENDING:
        reason = _("在售商品修改了内容，自动重新提交审核")
        record_review(product, ProductReview.Decision.SUBMITTED, actor=actor, reason=reason)


def check_draft(draft: ProductDraft) -> None:
    if not draft.skus:
        raise ValidationError(_("至少要有一个 SKU"))
    names = [name for name, _values in draft.specs]
    if len(set(names)) != len(names):
        raise ValidationError(_("规格名不能重复"))
    combos = [sku.spec_values for sku in draft.skus]
    if len(set(combos)) != len(combos):
        raise ValidationError(_("有两个 SKU 的规格组合相同"))
    offered = [set(values) for _name, values in draft.specs]
    for combo in combos:
        if len(combo) != len(offered) or any(
            value not in values for value, values in zip(combo, offered, strict=True)
        ):
            raise ValidationError(_("SKU 的规格组合与规格不一致，请重新生成 SKU 列表"))
    for sku in draft.skus:
        if sku.price < 0 or sku.stock < 0:
            raise ValidationError(_("价格和库存不能为负数"))
        if sku.market_price and sku.market_price < sku.price:
            raise ValidationError(_("划线价不能低于售价"))


def set_content(product: Product, fields: dict[str, object]) -> bool:
    """Set the product's own fields; True when a reviewed one (CONTENT_FIELDS) changed."""
    fields = {**fields, "description": sanitize_html(str(fields.get("description") or ""))}
    changed = False
    for name, value in fields.items():
        stored = getattr(product, Product._meta.get_field(name).attname)
        if stored != (value.pk if isinstance(value, models.Model) else value):
            changed |= name in CONTENT_FIELDS
            setattr(product, name, value)
    return changed


def save_product_row(product: Product) -> None:
    product.full_clean(exclude=["cover"])
    product.save()


def replace_params(product: Product, params: list[tuple[str, str]]) -> bool:
    current = list(ProductParam.objects.filter(product=product).values_list("name", "value"))
    if current == params:
        return False
    ProductParam.objects.filter(product=product).delete()
    ProductParam.objects.bulk_create(
        ProductParam(product=product, name=name, value=value, position=position)
        for position, (name, value) in enumerate(params)
    )
    return True


def replace_specs(product: Product, specs: list[tuple[str, list[str]]]) -> bool:
    current = [(s.name, s.values) for s in ProductSpec.objects.filter(product=product)]
    if current == specs:
        return False
    ProductSpec.objects.filter(product=product).delete()
    ProductSpec.objects.bulk_create(
        ProductSpec(product=product, name=name, values=values, position=position)
        for position, (name, values) in enumerate(specs)
    )
    return True


def edit_images(product: Product, draft: ProductDraft) -> bool:
    removed, _count = ProductImage.objects.filter(
        product=product, pk__in=draft.removed_image_ids
    ).delete()
    position = next_image_position(product)
    for offset, upload in enumerate(draft.new_images):
        upload.seek(0)
        store_product_image(product, upload.name, upload.read(), position=position + offset)
    return bool(removed or draft.new_images)


def next_image_position(product: Product) -> int:
    highest = ProductImage.objects.filter(product=product).aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def write_skus(product: Product, drafts: list[SkuDraft], *, actor=None) -> bool:
    """Update the SKUs whose combination stays, create the new ones (with their starting stock
    as a movement), drop the rest. True when the set of combinations or an image changed."""
    from mall.inventory import selectors as inventory
    from mall.inventory import services as stock

    existing = {tuple(sku.spec_values): sku for sku in Sku.objects.filter(product=product)}
    created, image_added = [], False
    for position, draft in enumerate(drafts):
        sku = existing.pop(draft.spec_values, None)
        values = {name: getattr(draft, name) for name in SKU_FIELDS}
        if sku is None:
            sku = Sku(product=product, spec_values=list(draft.spec_values), stock=draft.stock)
            created.append(sku)
        for name, value in {**values, "position": position}.items():
            setattr(sku, name, value)
        if sku.pk is None:
            sku.save()
        else:  # never the stock as read: a checkout may be taking some right now
            sku.save(update_fields=[*SKU_FIELDS, "position"])
        if draft.image is not None:
            draft.image.seek(0)
            image = store_product_image(
                product, draft.image.name, draft.image.read(), sku=sku,
                position=next_image_position(product),
            )  # fmt: skip
            Sku.objects.filter(pk=sku.pk).update(image=image.image.name)
            image_added = True
    stock.record_initial_stock(created, actor=actor)
    gone = [sku.pk for sku in existing.values()]
    kept = inventory.skus_with_orders(gone)
    Sku.objects.filter(pk__in=kept).update(is_active=False)
    Sku.objects.filter(pk__in=set(gone) - kept).delete()
    return bool(created or gone or image_added)
