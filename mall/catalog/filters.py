"""Listing filters parsed from query parameters, shared by the storefront and the JSON API.

Malformed values never raise: they are dropped and reported in `ListingFilters.errors`, so a
hand-edited URL still gets a clean page.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.core.money import yuan_to_fen

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 60
MAX_PAGE = 10_000
MAX_FILTER_VALUES = 20
# Translated only when a price filter is wrong (every listing request parses its filters).
PRICE_MIN_LABEL = gettext_lazy("最低价")
PRICE_MAX_LABEL = gettext_lazy("最高价")


class Sort(StrEnum):
    DEFAULT = "default"  # 综合
    SALES = "sales"  # 销量
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NEW = "new"  # 新品


@dataclass
class ListingFilters:
    brand_ids: list[int] = field(default_factory=list)
    price_min: int | None = None  # fen
    price_max: int | None = None  # fen
    specs: dict[str, list[str]] = field(default_factory=dict)
    sort: Sort = Sort.DEFAULT
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    errors: list[str] = field(default_factory=list)


def _int(value: str | None, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def _price(raw: str | None, label: str, errors: list[str]) -> int | None:
    if raw in (None, ""):
        return None
    try:
        fen = yuan_to_fen(raw)
    except ValueError:
        errors.append(_("%(label)s不是有效的金额，已忽略") % {"label": label})
        return None
    if fen < 0 or fen > 10**12:
        errors.append(_("%(label)s超出范围，已忽略") % {"label": label})
        return None
    return fen


def _brand_ids(values: list[str], errors: list[str]) -> list[int]:
    ids = []
    for value in values[:MAX_FILTER_VALUES]:
        for part in (p.strip() for p in value.split(",")):
            if part.isascii() and part.isdigit() and len(part) < 18:
                ids.append(int(part))
            elif part:
                errors.append(_("品牌筛选条件无效，已忽略"))
    return sorted(set(ids))


def _specs(values: list[str]) -> dict[str, list[str]]:
    """`spec=颜色:红色` repeated; several values of one name mean 'any of'."""
    specs: dict[str, list[str]] = {}
    for value in values[:MAX_FILTER_VALUES]:
        name, sep, choice = value.partition(":")
        if sep and name.strip() and choice.strip():
            specs.setdefault(name.strip()[:16], []).append(choice.strip()[:32])
    return specs


def parse_listing_filters(params) -> ListingFilters:
    """Build filters from a QueryDict-like mapping (`getlist` supported) or a plain dict."""
    getlist = params.getlist if hasattr(params, "getlist") else lambda k: params.get(k, [])
    errors: list[str] = []
    try:
        sort = Sort(params.get("sort") or Sort.DEFAULT)
    except ValueError:
        sort = Sort.DEFAULT
        errors.append(_("排序方式无效，已按综合排序"))
    return ListingFilters(
        brand_ids=_brand_ids(getlist("brand"), errors),
        price_min=_price(params.get("price_min"), PRICE_MIN_LABEL, errors),
        price_max=_price(params.get("price_max"), PRICE_MAX_LABEL, errors),
        specs=_specs(getlist("spec")),
        sort=sort,
        page=_int(params.get("page"), 1, 1, MAX_PAGE),
        page_size=_int(params.get("page_size"), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        errors=errors,
    )
