"""The JSON API (django-ninja). OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="沪上商城 API", version="1", urls_namespace="api")


@api.get("/health", summary="健康检查")
def health(request) -> dict:
    return {"status": "ok"}
