"""Turn the rows of one product (same shop + 商品货号) into a plan the writer can apply, after
checking them against each other and against what the shop already has."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mall.catalog import services
from mall.catalog.importing import parsing
from mall.catalog.importing.archive import ImageArchive, lookup_key
from mall.catalog.importing.columns import HEADERS
from mall.catalog.importing.errors import RowError
from mall.catalog.importing.lookups import CatalogLookups
from mall.catalog.models import Product
from mall.core.images import BadImage
from mall.core.richtext import sanitize_html
from mall.merchants.models import Shop

# Columns that describe the product, not the SKU: rows of one product must agree on them.
PRODUCT_KEYS = ("name", "category", "brand", "subtitle", "params", "description", "status")


@dataclass
class Group:
    shop: Shop
    code: str
    rows: list[parsing.SkuRow] = field(default_factory=list)


@dataclass
class ProductPlan:
    shop: Shop
    code: str
    fields: dict[str, object]  # Product attribute → value; only what the file gives
    params: list[tuple[str, str]] | None
    spec_names: tuple[str, ...]
    rows: list[parsing.SkuRow]
    image_data: dict[str, bytes]  # lookup key of a zip member → bytes, for images not yet stored
    shop_only: bool = False  # a seller's import: content edits go back to review, stock moves


Rejected = list[tuple[parsing.SkuRow, RowError]]


def check_group_rows(group: Group) -> Rejected:
    """Rows of one product must agree on product columns and spec names, and differ in specs."""
    rejected: Rejected = []
    first_with: dict[str, parsing.SkuRow] = {}
    combos: dict[tuple[str, ...], int] = {}
    kept = []
    head = group.rows[0]
    for row in group.rows:
        try:
            for key in PRODUCT_KEYS:
                value = row.cells.get(key, "")
                first = first_with.get(key)
                if value and first is not None and first.cells[key] != value:
                    raise parsing.error(
                        key, _("与第 %(n)d 行不一致：同一商品货号的各行，商品信息须相同")
                        % {"n": first.number}, value,
                    )  # fmt: skip
            if row.spec_names != head.spec_names:
                raise parsing.error(
                    "specs", _("规格名与第 %(n)d 行不一致，应为：%(names)s")
                    % {"n": head.number, "names": "、".join(head.spec_names) or _("无规格")},
                    row.cells.get("specs", ""),
                )  # fmt: skip
            if row.spec_values in combos:
                raise parsing.error(
                    "specs", _("与第 %(n)d 行的规格组合相同") % {"n": combos[row.spec_values]},
                    row.cells.get("specs", ""),
                )  # fmt: skip
        except RowError as exc:
            rejected.append((row, exc))
            continue
        combos[row.spec_values] = row.number
        for key in PRODUCT_KEYS:
            if row.cells.get(key):
                first_with.setdefault(key, row)
        kept.append(row)
    group.rows = kept
    return rejected


def group_cell(group: Group, key: str) -> str:
    return next((row.cells[key] for row in group.rows if row.cells.get(key)), "")


def product_fields(
    group: Group, product: Product | None, lookups: CatalogLookups
) -> dict[str, object]:
    """The product's own fields the file sets, but the brand (see `plan_product`);
    RowError rejects the whole product."""
    fields: dict[str, object] = {}
    is_new = product is None
    cells = {key: group_cell(group, key) for key in PRODUCT_KEYS}
    if cells["name"] or is_new:
        fields["name"] = parsing.text(cells, "name", required=True)
    if cells["category"] or is_new:
        fields["category"] = lookups.category(parsing.text(cells, "category", required=True))
    parsing.text(cells, "brand")  # checked here, looked up (or created) in plan_product
    if cells["subtitle"]:
        fields["subtitle"] = parsing.text(cells, "subtitle")
    if cells["description"]:
        fields["description"] = sanitize_html(cells["description"])
    status = seller_status(cells, is_new) if lookups.shop_only else parsing.status(cells)
    if status or is_new:
        fields["status"] = status or Product.Status.DRAFT
    return fields


SELLER_STATUSES = (Product.Status.DRAFT, Product.Status.PENDING)


def seller_status(cells: dict[str, str], is_new: bool) -> str | None:
    """A seller's file may create drafts or products pending review, never put anything on sale
    or change an existing product's status (that is the review flow's)."""
    status = parsing.status(cells)
    if status not in (None, *SELLER_STATUSES):
        reason = _("商家导入的商品须经平台审核：状态只能填“草稿”或“待审核”")
        raise parsing.error("status", reason, cells["status"])
    return status if is_new else None


def check_existing_specs(group: Group, product: Product | None) -> None:
    if product is None:
        return
    names = tuple(spec.name for spec in product.specs.all())
    if names and names != group.rows[0].spec_names:
        raise RowError(
            HEADERS["specs"],
            _("与已有商品的规格名不一致，应为：%(names)s") % {"names": "、".join(names)},
            group.rows[0].cells.get("specs", ""),
        )


def check_sku(row: parsing.SkuRow, product: Product | None, owners: dict[str, int]) -> None:
    """A SKU code stays with its product; a product's spec combinations stay distinct."""
    owner = owners.get(row.sku_code)
    if owner is not None and (product is None or owner != product.pk):
        raise RowError(HEADERS["sku_code"], _("这个 SKU 编码已属于本店另一个商品"), row.sku_code)
    if product is None:
        return
    for sku in product.skus.all():
        if sku.merchant_code != row.sku_code and tuple(sku.spec_values) == row.spec_values:
            raise RowError(
                HEADERS["specs"],
                _("已有商品里有相同规格组合的 SKU（编码“%(code)s”）") % {"code": sku.merchant_code},
                row.cells.get("specs", ""),
            )


def read_images(
    row: parsing.SkuRow,
    stored: set[str],
    archive: ImageArchive | None,
    image_data: dict[str, bytes],
) -> None:
    """Load the row's images that the product does not have yet; RowError when one is unusable."""
    for name in row.images:
        key = lookup_key(name)
        if key in stored or key in image_data:
            continue
        if archive is None:
            raise RowError(
                HEADERS["images"],
                _("图片“%(name)s”需要随文件上传图片压缩包") % {"name": name},
                name,
            )
        data = archive.read(name)
        try:
            services.check_image(data)
        except BadImage as exc:
            raise RowError(HEADERS["images"], f"“{name}”：{exc}", name) from exc
        image_data[key] = data


def plan_product(
    group: Group,
    product: Product | None,
    owners: dict[str, int],
    lookups: CatalogLookups,
    archive: ImageArchive | None,
) -> tuple[ProductPlan | None, Rejected]:
    """The plan for the group's good rows, and the rows rejected (with why)."""
    try:
        fields = product_fields(group, product, lookups)
        params_cell = group_cell(group, "params")
        params = parsing.params({"params": params_cell}) if params_cell else None
        check_existing_specs(group, product)
    except RowError as exc:
        return None, [(row, exc) for row in group.rows]
    stored = {lookup_key(image.source_name) for image in product.images.all()} if product else set()
    image_data: dict[str, bytes] = {}
    rejected: Rejected = []
    rows = []
    for row in group.rows:
        try:
            check_sku(row, product, owners)
            read_images(row, stored, archive, image_data)
        except RowError as exc:
            rejected.append((row, exc))
            continue
        rows.append(row)
    if not rows:
        return None, rejected
    brand = group_cell(group, "brand")
    if brand:  # only now: a brand the mall lacks is created, and only for a product it gets
        fields["brand"] = lookups.brand(brand)
    plan = ProductPlan(
        shop=group.shop, code=group.code, fields=fields, params=params,
        spec_names=rows[0].spec_names, rows=rows, image_data=image_data,
        shop_only=lookups.shop_only,
    )  # fmt: skip
    return plan, rejected
