"""The import file's columns: Chinese headers as the operator sees them, plus English aliases.

Headers are matched after dropping spaces and a BOM, ignoring case and full-width brackets, so
`重量（克）`, `重量(克)` and `weight` all name the same column.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mall.catalog.importing.errors import ImportFileError


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("shop", "店铺", ("店铺名称", "店铺标识", "shop")),
    Column("product_code", "商品货号", ("货号", "product_code", "spu_code"), required=True),
    Column("name", "商品名称", ("名称", "name", "product_name"), required=True),
    Column("category", "类目", ("分类", "category"), required=True),
    Column("brand", "品牌", ("brand",)),
    Column("subtitle", "卖点", ("副标题", "subtitle")),
    Column("specs", "规格", ("specs", "spec")),
    Column("sku_code", "SKU编码", ("商家编码", "sku_code", "sku"), required=True),
    Column("price", "售价", ("价格", "price"), required=True),
    Column("market_price", "划线价", ("市场价", "market_price")),
    Column("stock", "库存", ("stock",), required=True),
    Column("weight", "重量(克)", ("重量", "weight", "weight_grams")),
    Column("barcode", "条形码", ("条码", "barcode")),
    Column("images", "图片", ("images", "image")),
    Column("params", "参数", ("规格参数", "params")),
    Column("description", "详情", ("商品详情", "description")),
    Column("status", "状态", ("status",)),
)
HEADERS = {column.key: column.header for column in COLUMNS}


def normalise_header(text: str) -> str:
    return (
        str(text or "").replace("\ufeff", "").replace("（", "(").replace("）", ")")
        .replace(" ", "").replace("\u3000", "").casefold()
    )  # fmt: skip


ALIASES = {
    normalise_header(name): column
    for column in COLUMNS
    for name in (column.header, column.key, *column.aliases)
}


@dataclass
class HeaderMap:
    """Which position of the file holds which column; headers we do not know are ignored."""

    positions: dict[str, int]
    ignored: list[str]


def map_headers(headers: list[str], *, shop_given: bool) -> HeaderMap:
    positions: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(headers):
        column = ALIASES.get(normalise_header(header))
        if column is None:
            if str(header or "").strip():
                ignored.append(str(header).strip())
            continue
        if column.key in positions:
            raise ImportFileError(_("列“%(header)s”出现了两次") % {"header": column.header})
        positions[column.key] = index
    required = [c for c in COLUMNS if c.required or (c.key == "shop" and not shop_given)]
    missing = [c.header for c in required if c.key not in positions]
    if missing:
        raise ImportFileError(_("缺少必填列：%(columns)s") % {"columns": "、".join(missing)})
    return HeaderMap(positions=positions, ignored=ignored)
