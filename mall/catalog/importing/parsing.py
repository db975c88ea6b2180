"""Check and convert the cells of one row. Every problem is a RowError naming the column, the
cell's content and the reason in Chinese; money goes through `yuan_to_fen`, never float."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mall.catalog.importing.columns import HEADERS
from mall.catalog.importing.errors import RowError
from mall.catalog.models import Product
from mall.core.money import yuan_to_fen

MONEY_PATTERN = re.compile(r"^[¥￥]?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
MAX_PRICE_FEN = 99_999_999_99
MAX_INT = 2_147_483_647
LIST_SEPARATORS = re.compile(r"[;；\n]")
PAIR_SEPARATOR = re.compile(r"[:：]")
STATUS_NAMES = {
    **{str(label): value for value, label in Product.Status.choices},
    **{value: value for value in Product.Status.values},
    "上架": Product.Status.ON_SALE,
    "下架": Product.Status.OFF_SHELF,
}
# Longest text each column may hold (the models' max_length).
TEXT_LIMITS = {
    "shop": 64, "product_code": 64, "name": 120, "subtitle": 200, "sku_code": 64,
    "barcode": 32, "brand": 64, "category": 200,
}  # fmt: skip
SPEC_NAME_LIMIT, SPEC_VALUE_LIMIT = 16, 32
PARAM_NAME_LIMIT, PARAM_VALUE_LIMIT = 32, 200


@dataclass(frozen=True)
class SkuRow:
    """One row's SKU, plus the row's cells for the product-level columns."""

    number: int
    product_code: str
    sku_code: str
    spec_names: tuple[str, ...]
    spec_values: tuple[str, ...]
    price: int
    market_price: int | None
    stock: int
    weight: int | None
    barcode: str | None
    images: tuple[str, ...]
    cells: dict[str, str]


def error(key: str, reason: str, value: str = "") -> RowError:
    return RowError(HEADERS[key], reason, value[:200])


def text(cells: dict[str, str], key: str, *, required: bool = False) -> str:
    value = cells.get(key, "")
    if required and not value:
        raise error(key, _("不能为空"))
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        raise error(key, _("太长了，最多 %(n)d 个字") % {"n": limit}, value)
    return value


def parse_yuan(value: str) -> int:
    """'59.90' → 5990; ValueError (in Chinese) for negatives, >2 decimals, junk or huge sums."""
    value = value.strip()
    if value.startswith("-"):
        raise ValueError(_("金额不能为负数"))
    if not MONEY_PATTERN.match(value):
        raise ValueError(_("不是有效的金额，应写成 59.90 这样的数字（单位：元）"))
    fen = yuan_to_fen(value)
    if fen > MAX_PRICE_FEN:
        raise ValueError(_("金额过大"))
    return fen


def money(cells: dict[str, str], key: str) -> int | None:
    value = cells.get(key, "")
    if not value:
        return None
    try:
        return parse_yuan(value)
    except ValueError as exc:
        raise error(key, str(exc), value) from exc


def count(cells: dict[str, str], key: str) -> int | None:
    value = cells.get(key, "").replace(",", "")
    if not value:
        return None
    if value.startswith("-"):
        raise error(key, _("不能为负数"), value)
    if not (value.isascii() and value.isdigit()):
        raise error(key, _("必须是整数"), value)
    if int(value) > MAX_INT:
        raise error(key, _("数值过大"), value)
    return int(value)


def split_pair(item: str) -> tuple[str, str]:
    match = PAIR_SEPARATOR.search(item)
    if match is None:
        return item, ""
    return item[: match.start()].strip(), item[match.end() :].strip()


def pairs(
    cells: dict[str, str], key: str, *, name_limit: int, value_limit: int
) -> list[tuple[str, str]]:
    """`颜色:红色;尺码:M` → [("颜色", "红色"), ("尺码", "M")]; full-width `：；` work too."""
    value = cells.get(key, "")
    result: list[tuple[str, str]] = []
    for item in filter(None, (part.strip() for part in LIST_SEPARATORS.split(value))):
        name, item_value = split_pair(item)
        if not name or not item_value:
            raise error(key, _("“%(item)s”应写成“名称:值”") % {"item": item}, value)
        if len(name) > name_limit or len(item_value) > value_limit:
            raise error(
                key,
                _("“%(item)s”太长：名称最多 %(n)d 个字，值最多 %(v)d 个字")
                % {"item": item, "n": name_limit, "v": value_limit},
                value,
            )
        if name in dict(result):
            raise error(key, _("“%(name)s”写了两次") % {"name": name}, value)
        result.append((name, item_value))
    return result


def file_names(cells: dict[str, str], key: str) -> tuple[str, ...]:
    names = (part.strip() for part in LIST_SEPARATORS.split(cells.get(key, "")))
    return tuple(dict.fromkeys(filter(None, names)))


def status(cells: dict[str, str]) -> str | None:
    value = cells.get("status", "")
    if not value:
        return None
    if value.casefold() not in {k.casefold() for k in STATUS_NAMES}:
        choices = "、".join(str(label) for label in Product.Status.labels)
        raise error("status", _("未知状态，应为：%(choices)s") % {"choices": choices}, value)
    return next(v for k, v in STATUS_NAMES.items() if k.casefold() == value.casefold())


def params(cells: dict[str, str]) -> list[tuple[str, str]]:
    return pairs(cells, "params", name_limit=PARAM_NAME_LIMIT, value_limit=PARAM_VALUE_LIMIT)


def sku_row(number: int, cells: dict[str, str]) -> SkuRow:
    """The SKU-level columns of a row, checked; RowError at the first problem."""
    specs = pairs(cells, "specs", name_limit=SPEC_NAME_LIMIT, value_limit=SPEC_VALUE_LIMIT)
    price = money(cells, "price")
    if price is None:
        raise error("price", _("不能为空"))
    market_price = money(cells, "market_price")
    if market_price and market_price < price:
        raise error("market_price", _("划线价不能低于售价"), cells["market_price"])
    stock = count(cells, "stock")
    if stock is None:
        raise error("stock", _("不能为空"))
    return SkuRow(
        number=number,
        product_code=text(cells, "product_code", required=True),
        sku_code=text(cells, "sku_code", required=True),
        spec_names=tuple(name for name, _value in specs),
        spec_values=tuple(value for _name, value in specs),
        price=price,
        market_price=market_price,
        stock=stock,
        weight=count(cells, "weight"),
        barcode=text(cells, "barcode") or None,
        images=file_names(cells, "images"),
        cells=cells,
    )
