"""The region picker's data: one level of the administrative divisions at a time."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from mall.regions import divisions

router = Router(tags=["行政区划"])
CACHE_SECONDS = 24 * 3600  # the divisions change once a year, with a new data file


class RegionOut(Schema):
    code: str = Field(description="6 位行政区划代码")
    name: str
    level: int = Field(description="1 省级，2 地级，3 县级")
    addressable: bool = Field(description="可作为收货地址的最末一级（区县，或不设区的地级市）")


class RegionQuery(Schema):
    parent: str | None = Field(
        None, pattern=r"^[0-9]{6}$", description="上级代码；不填则返回全部省级行政区"
    )


@router.get(
    "",
    response={200: list[RegionOut], 404: dict, 422: dict},
    summary="行政区划",
    description="省、市、区县逐级查询：不带 parent 返回省级，带上级代码返回其下一级。",
    operation_id="regions",
)
def regions(request: HttpRequest, response: HttpResponse, query: Query[RegionQuery]):
    if query.parent is not None and divisions.lookup(query.parent) is None:
        raise HttpError(404, _("行政区划代码不存在"))
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return [
        RegionOut(
            code=region.code,
            name=region.name,
            level=region.level,
            addressable=divisions.is_district(region.code),
        )
        for region in divisions.children(query.parent)
    ]
