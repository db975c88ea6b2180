"""The signed-in shopper's address book. Session authentication (with CSRF on writes); another
user's address id answers 404."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import SessionAuth

from mall.customers import selectors, services
from mall.customers.errors import AddressError
from mall.customers.models import Address

MAX_ID = 2**63 - 1


class ShopperSession(SessionAuth):
    """Django's session, refused with a Chinese 401 (and a 403 for a missing CSRF token)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError as error:
            raise HttpError(403, _("请求缺少有效的 CSRF 令牌，请刷新页面后重试")) from error

    def authenticate(self, request: HttpRequest, key: str | None):
        user = super().authenticate(request, key)
        if user is None:
            raise HttpError(401, _("请先登录"))
        return user


router = Router(tags=["收货地址"], auth=ShopperSession())


class AddressIn(Schema):
    consignee: str = Field(..., max_length=services.CONSIGNEE_MAX_LENGTH, description="收货人")
    mobile: str = Field(..., max_length=20, description="中国大陆手机号，可带 +86、空格或横线")
    region_code: str = Field(..., pattern=r"^[0-9]{6}$", description="区县级行政区划代码")
    detail: str = Field(..., max_length=services.DETAIL_MAX_LENGTH, description="详细地址")
    is_default: bool = Field(False, description="设为默认地址")


class AddressOut(Schema):
    id: int
    consignee: str
    mobile: str
    region_code: str
    region_names: str = Field(description="省 市 区县，如“上海市 上海市 黄浦区”")
    detail: str
    is_default: bool


class Error(Schema):
    detail: str
    field: str | None = None


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


def _out(address: Address) -> AddressOut:
    return AddressOut(
        id=address.pk,
        consignee=address.consignee,
        mobile=address.mobile,
        region_code=address.region_code,
        region_names=address.region_names,
        detail=address.detail,
        is_default=address.is_default,
    )


def _input(body: AddressIn) -> services.AddressInput:
    return services.AddressInput(**body.dict())


def _refused(error: AddressError) -> Status:
    return Status(400, Error(detail=error.message, field=error.field))


@router.get("", response={200: list[AddressOut], **ERRORS}, summary="收货地址列表")
def list_addresses(request: HttpRequest):
    return [_out(address) for address in selectors.addresses_of(request.user)]


@router.post("", response={201: AddressOut, **ERRORS}, summary="新增收货地址")
def create_address(request: HttpRequest, body: AddressIn):
    try:
        return Status(201, _out(services.create_address(request.user, _input(body))))
    except AddressError as error:
        return _refused(error)


@router.get("/{int:address_id}", response={200: AddressOut, **ERRORS}, summary="收货地址详情")
def get_address(request: HttpRequest, address_id: int):
    return _out(selectors.get_address(request.user, _id(address_id)))


@router.put("/{int:address_id}", response={200: AddressOut, **ERRORS}, summary="修改收货地址")
def update_address(request: HttpRequest, address_id: int, body: AddressIn):
    try:
        return _out(services.update_address(request.user, _id(address_id), _input(body)))
    except AddressError as error:
        return _refused(error)


@router.post(
    "/{int:address_id}/default", response={200: AddressOut, **ERRORS}, summary="设为默认地址"
)
def set_default_address(request: HttpRequest, address_id: int):
    return _out(services.set_default_address(request.user, _id(address_id)))


@router.delete("/{int:address_id}", response={204: None, **ERRORS}, summary="删除收货地址")
def delete_address(request: HttpRequest, address_id: int):
    services.delete_address(request.user, _id(address_id))
    return Status(204, None)


def _id(address_id: int) -> int:
    """Ids beyond what the database stores cannot be anyone's address."""
    if not 1 <= address_id <= MAX_ID:
        raise Http404
    return address_id
