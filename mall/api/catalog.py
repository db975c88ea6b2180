"""Catalog reads: the category tree, product listings with filters, product details."""

from collections.abc import Callable
from typing import TypeVar

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError

from mall.api import present, schemas
from mall.api.cache import cached
from mall.catalog import selectors
from mall.catalog.filters import parse_listing_filters

router = Router(tags=["商品目录"])
T = TypeVar("T")
ERRORS = {400: schemas.Error, 404: schemas.Error, 422: schemas.Error}


def found(read: Callable[[], T], message: str) -> T:
    """What `read` returns, or a 404 that says in Chinese what was not found."""
    try:
        return read()
    except Http404:
        raise HttpError(404, message) from None


@router.get(
    "/categories",
    response={200: list[schemas.CategoryNode], 400: schemas.Error},
    summary="类目树",
    description="启用的类目，最多三级，按展示顺序排列。",
    operation_id="categories",
)
def categories(request: HttpRequest):
    return cached(
        "categories", None, lambda: [present.category_node(c) for c in selectors.category_tree()]
    )


@router.get(
    "/products",
    response={200: schemas.ProductList, **ERRORS},
    summary="商品列表",
    description="在售商品，筛选与排序同商城的列表页；facets 是该类目（或店铺）可用的品牌和规格值。",
    operation_id="products",
)
def products(request: HttpRequest, params: Query[schemas.ProductListQuery]):
    def build() -> schemas.ProductList:
        category = shop = None
        if params.category:
            category = found(lambda: selectors.get_category(params.category), _("类目不存在"))
        if params.shop:
            shop = found(lambda: selectors.get_open_shop(params.shop), _("店铺不存在"))
        filters = parse_listing_filters(params.model_dump())
        page = selectors.list_products(filters, category=category, shop=shop)
        return present.product_list(page, timezone.now())

    return cached("products", params, build, lambda products: products.items)


@router.get(
    "/products/{product_id}",
    response={200: schemas.ProductDetail, **ERRORS},
    summary="商品详情",
    description="商品页展示的全部内容：图片、各 SKU 的价格与库存、规格参数、详情、店铺、"
    "类目路径和相关推荐。未上架、店铺已关闭或不存在的商品返回 404。",
    operation_id="product",
)
def product(request: HttpRequest, product_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    def build() -> schemas.ProductDetail:
        item = found(lambda: selectors.get_product_detail(product_id), _("商品不存在或已下架"))
        return present.product_detail(item, selectors.related_products(item), timezone.now())

    return cached("product", product_id, build, lambda product: [product, *product.related])
