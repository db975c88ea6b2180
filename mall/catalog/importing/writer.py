"""Apply one product's plan: create or update the product, its SKUs, specs, parameters and
images, touching only what differs, so importing the same file twice writes nothing."""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mall.catalog import services
from mall.catalog.importing.archive import lookup_key
from mall.catalog.importing.planning import ProductPlan
from mall.catalog.models import Product, ProductImage, ProductParam, ProductSpec, Sku
from mall.inventory import services as stock
from mall.inventory.models import StockMovement

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@transaction.atomic
def write_product(plan: ProductPlan, product: Product | None) -> tuple[Product, dict[int, str]]:
    """Returns the product and, per row number, created/updated/unchanged.

    A row counts as updated when its SKU changed or the product it belongs to did.
    """
    is_new = product is None
    product = product or Product(shop=plan.shop, merchant_code=plan.code)
    product_changed = set_fields(product, plan.fields)
    if product_changed:
        # Shop, category and brand came from the job's lookups: no need to query them again.
        product.full_clean(
            exclude=["cover", "shop", "category", "brand"],
            validate_unique=False, validate_constraints=False,
        )  # fmt: skip
        product.save()
    current = Current.of(product, is_new)
    images, images_added = store_images(product, plan, current.images)
    outcomes, skus = upsert_skus(product, plan, images, is_new=is_new)
    product_changed |= images_added
    product_changed |= sync_specs(product, plan.spec_names, skus, current.specs)
    product_changed |= sync_params(product, plan.params, current.params)
    skus_changed = any(outcome != UNCHANGED for outcome in outcomes.values())
    if product_changed and plan.shop_only and not is_new:
        services.back_to_review(product)
    if product_changed or skus_changed:
        services.refresh_product_summary(product)
    if product_changed:
        outcomes = {n: CREATED if o == CREATED else UPDATED for n, o in outcomes.items()}
    return product, outcomes


@dataclass
class Current:
    """What an existing product has (prefetched by the runner); nothing for a new one."""

    images: list[ProductImage]
    specs: list[tuple[str, list[str]]]
    params: list[tuple[str, str]]

    @classmethod
    def of(cls, product: Product, is_new: bool) -> "Current":
        if is_new:
            return cls(images=[], specs=[], params=[])
        return cls(
            images=list(product.images.all()),
            specs=[(spec.name, spec.values) for spec in product.specs.all()],
            params=[(param.name, param.value) for param in product.params.all()],
        )


def differs(product: Product, name: str, value: object) -> bool:
    if isinstance(value, models.Model):
        return getattr(product, f"{name}_id") != value.pk
    return getattr(product, name) != value


def set_fields(product: Product, fields: dict[str, object]) -> bool:
    changed = product.pk is None
    for name, value in fields.items():
        if differs(product, name, value):
            setattr(product, name, value)
            changed = True
    if changed and product.status == Product.Status.ON_SALE and product.published_at is None:
        product.published_at = timezone.now()
    return changed


def store_images(
    product: Product, plan: ProductPlan, stored: list[ProductImage]
) -> tuple[dict[str, ProductImage], bool]:
    """Every image the rows name, by lookup key: the product's own or stored now from the zip."""
    images = {lookup_key(image.source_name): image for image in stored}
    position = max((image.position for image in images.values()), default=-1) + 1
    added = False
    for name in dict.fromkeys(name for row in plan.rows for name in row.images):
        key = lookup_key(name)
        if key in images:
            continue
        images[key] = services.store_product_image(
            product, PurePosixPath(name.replace("\\", "/")).name, plan.image_data[key],
            position=position, source_name=name,
        )  # fmt: skip
        position += 1
        added = True
    return images, added


def sku_values(row, images: dict[str, ProductImage]) -> dict[str, object]:
    """The SKU fields a row sets; a blank optional cell leaves the field as it is."""
    values = {
        "spec_values": list(row.spec_values), "price": row.price, "stock": row.stock,
        "market_price": row.market_price, "weight_grams": row.weight, "barcode": row.barcode,
        "image": images[lookup_key(row.images[0])].image.name if row.images else None,
    }  # fmt: skip
    return {name: value for name, value in values.items() if value is not None}


def upsert_skus(
    product: Product, plan: ProductPlan, images: dict[str, ProductImage], *, is_new: bool
) -> tuple[dict[int, str], list[Sku]]:
    """Create or update the rows' SKUs by merchant code; returns outcomes and all the SKUs."""
    locked = Sku.objects.none() if is_new else Sku.objects.select_for_update()
    by_code = {sku.merchant_code: sku for sku in locked.filter(product=product)}
    position = max((sku.position for sku in by_code.values()), default=-1) + 1
    outcomes: dict[int, str] = {}
    to_create, to_update, changed_fields = [], [], set()
    recounted: dict[Sku, int] = {}
    for row in plan.rows:
        values = sku_values(row, images)
        sku = by_code.get(row.sku_code)
        if sku is None:
            sku = by_code[row.sku_code] = Sku(
                product=product, shop_id=product.shop_id, merchant_code=row.sku_code,
                position=position, **values,
            )  # fmt: skip
            position += 1
            to_create.append(sku)
            outcomes[row.number] = CREATED
            continue
        differing = {name for name, value in values.items() if getattr(sku, name) != value}
        outcomes[row.number] = UPDATED if differing else UNCHANGED
        if plan.shop_only and "stock" in differing:
            differing.discard("stock")
            recounted[sku] = values["stock"]
        for name in differing:
            setattr(sku, name, values[name])
        if differing:
            to_update.append(sku)
            changed_fields |= differing
    Sku.objects.bulk_create(to_create)
    if to_update:
        Sku.objects.bulk_update(to_update, sorted(changed_fields))
    if plan.shop_only:
        record_stock(to_create, recounted)
    return outcomes, sorted(by_code.values(), key=lambda sku: sku.position)


def record_stock(created: list[Sku], recounted: dict[Sku, int]) -> None:
    """A seller's import moves stock as the stock page does: with a movement for each change,
    an existing SKU's new count set under its row lock (checkouts meanwhile are not lost)."""
    stock.record_initial_stock(created)
    for sku, quantity in recounted.items():
        stock.set_stock(sku, quantity, reason=StockMovement.Reason.STOCKTAKE, note=_("批量导入"))
        sku.stock = quantity  # exact: the SKUs were locked when read


def sync_specs(
    product: Product, names: tuple[str, ...], skus: list[Sku], current: list[tuple[str, list[str]]]
) -> bool:
    """The spec dimensions follow the SKUs: each name with its values in order of appearance."""
    wanted = [
        (name, list(dict.fromkeys(sku.spec_values[i] for sku in skus if len(sku.spec_values) > i)))
        for i, name in enumerate(names)
    ]
    if current == wanted:
        return False
    if current:
        ProductSpec.objects.filter(product=product).delete()
    ProductSpec.objects.bulk_create(
        ProductSpec(product=product, name=name, values=values, position=position)
        for position, (name, values) in enumerate(wanted)
    )
    return True


def sync_params(
    product: Product, params: list[tuple[str, str]] | None, current: list[tuple[str, str]]
) -> bool:
    if params is None or current == params:
        return False
    if current:
        ProductParam.objects.filter(product=product).delete()
    ProductParam.objects.bulk_create(
        ProductParam(product=product, name=name, value=value, position=position)
        for position, (name, value) in enumerate(params)
    )
    return True
