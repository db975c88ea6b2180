"""The JSON API (django-ninja), read-only over the catalog and search.
OpenAPI at /api/openapi.json, interactive docs at /api/docs; see docs/api.md."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from mall.api import catalog, errors, search


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as UTF-8 characters rather than \\u escapes: half the bytes, readable.
    (JSON is UTF-8 by definition, so the media type needs no charset.)"""

    json_dumps_params = {"ensure_ascii": False}


class MallAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Every operation may answer 400: the NUL-character guard in front of all of them
        (mall.core.middleware) refuses such requests before any handler runs."""
        schema = super().get_openapi_schema(**kwargs)
        bad_request = {
            "description": "Bad Request",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(400, bad_request)
        return schema


api = MallAPI(
    title="沪上商城 API",
    version="1",
    description="商品目录与搜索的只读接口。金额一律为整数分（fen）并附显示文字（display）。",
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
api.add_router("/", catalog.router)
api.add_router("/", search.router)
api.add_router("/regions", "mall.regions.api.router")
api.add_router("/addresses", "mall.customers.api.router")
api.add_router("/cart", "mall.cart.api.router")
api.add_router("/", "mall.orders.api.router")  # /checkout, /orders
api.add_router("/payments", "mall.payments.api.router")
api.add_router("/ledger", "mall.ledger.api.router")
api.add_router("/shipping", "mall.shipping.api.router")


@api.get("/health", summary="健康检查", tags=["系统"])
def health(request) -> dict:
    return {"status": "ok"}
