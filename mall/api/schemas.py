"""Shapes of the JSON API: the query parameters it accepts and the documents it answers.

Money is always an object `{fen, display}`: integer fen to compute with, and the display text
(`¥1,299.00`) to show. URLs are absolute.
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from mall.catalog.filters import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, Sort
from mall.search.selectors import Sort as SearchSort
from mall.search.tokenizer import MAX_QUERY_CHARS

MAX_ID = 2**63 - 1  # the largest primary key the databases store

# The documented forms of the listing filters. `parse_listing_filters` takes a little more
# (spaces, exponents …); the API rejects what is outside these forms rather than ignore it.
Slug = Annotated[str, StringConstraints(max_length=64, pattern=r"^[-\w]+$")]
BrandIds = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,17}(,[0-9]{1,17})*$")]
Yuan = Annotated[
    str,
    StringConstraints(
        pattern=r"^([¥￥]?([0-9]{1,10}|[0-9]{1,3}(,[0-9]{3}){1,2})(\.[0-9]{1,2})?)?$"
    ),
]
SpecChoice = Annotated[str, StringConstraints(max_length=64, pattern=r"^[^:]*\S[^:]*:.*\S")]


# --- query parameters -----------------------------------------------------------------------


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数")


class ProductListQuery(PageQuery):
    """The storefront listing's filters; `mall.catalog.filters.parse_listing_filters` reads them."""

    category: Slug | None = Field(None, description="类目的网址标识（含下级类目的商品）")
    shop: Slug | None = Field(None, description="店铺的网址标识")
    brand: list[BrandIds] = Field(
        [], max_length=20, description="品牌编号，可重复或用逗号分隔：brand=3&brand=5 或 brand=3,5"
    )
    price_min: Yuan | None = Field(None, description="最低价（元），如 99、99.5、¥1,299.00")
    price_max: Yuan | None = Field(None, description="最高价（元）")
    spec: list[SpecChoice] = Field(
        [], max_length=20, description="规格值，可重复：spec=颜色:红色&spec=尺码:M"
    )
    sort: Sort = Field(Sort.DEFAULT, description="排序：综合、销量、价格升序、价格降序、新品")


class SearchQuery(PageQuery):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="搜索词")
    sort: SearchSort = Field(SearchSort.RELEVANCE, description="排序")
    category: int | None = Field(None, ge=1, le=MAX_ID, description="只搜这个类目（编号）及其下级")


class SuggestQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="已输入的文字")


# --- responses ------------------------------------------------------------------------------


class Money(Schema):
    fen: int = Field(description="金额（分），整数")
    display: str = Field(description="显示文字，如 ¥1,299.00")


class Thumbnail(Schema):
    width: int
    webp: str
    jpg: str


class Image(Schema):
    alt: str
    thumbnails: list[Thumbnail] = Field(description="由小到大的缩略图，WebP 与 JPEG 各一份")


class BrandRef(Schema):
    id: int
    name: str
    slug: str


class ShopRef(Schema):
    id: int
    name: str
    slug: str
    url: str


class ShopCard(ShopRef):
    rating: str = Field(description="评分，如 4.8")
    location: str = Field(description="所在楼层/位置")


class CategoryRef(Schema):
    id: int
    name: str
    slug: str
    url: str


class CategoryNode(CategoryRef):
    icon: str
    children: list["CategoryNode"]


class ProductItem(Schema):
    id: int
    name: str
    subtitle: str
    shop: ShopRef
    brand: BrandRef | None
    price_min: Money
    price_max: Money
    market_price: Money = Field(description="划线价；fen 为 0 表示没有划线价")
    promo_price: Money | None = Field(
        description="正在进行的促销价（起），低于 price_min；没有促销时为 null。"
        "购买价以购物车结算为准（会员价、满减、优惠券另计）"
    )
    promo_badge: str = Field(description="促销标签文字，如「限时 8折」；没有促销时为空")
    promo_tags: list[str] = Field(description="适用的其他促销：限时、满减、包邮、买赠 …")
    promo_until: datetime | None = Field(
        description="促销价截止时间（ISO 8601，上海时间），用于倒计时；长期有效或没有促销时为 null"
    )
    sales_count: int
    cover: Image | None
    url: str = Field(description="商城商品页地址")


class SpecFacet(Schema):
    name: str
    values: list[str]


class Facets(Schema):
    brands: list[BrandRef]
    specs: list[SpecFacet]


class ProductList(Schema):
    items: list[ProductItem]
    total: int
    page: int = Field(description="实际返回的页码（超过最后一页时为最后一页）")
    page_size: int
    num_pages: int
    facets: Facets


class Sku(Schema):
    id: int
    spec_values: list[str]
    price: Money
    market_price: Money
    promo_price: Money | None = Field(
        description="这个 SKU 正在进行的促销价；没有时为 null（截止时间见商品的 promo_until）"
    )
    stock: int
    available: bool = Field(description="有库存可售")


class Param(Schema):
    name: str
    value: str


class ProductDetail(ProductItem):
    shop: ShopCard
    is_new: bool
    stock_total: int
    description: str = Field(description="商品详情，已清理的 HTML")
    images: list[Image]
    specs: list[SpecFacet]
    skus: list[Sku]
    params: list[Param]
    breadcrumbs: list[CategoryRef] = Field(description="类目路径，从一级类目到商品所在类目")
    related: list[ProductItem]


class SearchHit(ProductItem):
    highlighted_name: str = Field(description="商品名 HTML：已转义，命中的词包在 <em> 里")


class SearchResults(Schema):
    query: str = Field(description="清理后的搜索词")
    sort: SearchSort
    items: list[SearchHit]
    total: int
    page: int
    page_size: int
    num_pages: int
    alternatives: list[SearchHit] = Field(description="无结果时：包含任一个词的商品")
    hot: list[ProductItem] = Field(description="无结果时：热销商品")


class Suggestion(Schema):
    text: str
    highlighted: str = Field(description="HTML：已转义，命中的部分包在 <em> 里")
    kind: Literal["category", "query"]
    url: str


class Suggestions(Schema):
    query: str
    suggestions: list[Suggestion]


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str = Field(description="中文错误说明")
    errors: list[FieldError] = Field([], description="每个无效参数的说明")
