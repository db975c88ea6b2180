"""Search reads: results with highlights, and suggestions while typing."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from mall.api import present, schemas
from mall.search import selectors

router = Router(tags=["搜索"])
ERRORS = {400: schemas.Error, 422: schemas.Error}


@router.get(
    "/search",
    response={200: schemas.SearchResults, **ERRORS},
    summary="搜索商品",
    description="包含搜索词中每个词的在售商品（中文自动分词）。没有结果时，alternatives "
    "是包含任一个词的商品，hot 是热销商品。",
    operation_id="search",
)
def search(request: HttpRequest, params: Query[schemas.SearchQuery]):
    page = selectors.search_products(
        params.q,
        page=params.page,
        page_size=params.page_size,
        category_id=params.category,
        sort=params.sort,
    )
    return present.search_results(page, timezone.now())


@router.get(
    "/search/suggest",
    response={200: schemas.Suggestions, **ERRORS},
    summary="搜索建议",
    description="根据已输入的文字建议类目和商品名。",
    operation_id="suggest",
)
def suggest(request: HttpRequest, params: Query[schemas.SuggestQuery]):
    return schemas.Suggestions(
        query=selectors.clean_query(params.q),
        suggestions=[present.suggestion(s) for s in selectors.suggest(params.q)],
    )
