"""Shipping reference data for clients: the carriers a seller can ship with."""

from django.http import HttpRequest
from ninja import Router, Schema

from mall.shipping.carriers import CARRIERS

router = Router(tags=["物流运费"])


class CarrierOut(Schema):
    code: str
    name: str
    example: str


@router.get(
    "/carriers",
    response=list[CarrierOut],
    summary="快递公司",
    description="发货时可选的快递公司及其运单号示例。",
    operation_id="carriers",
)
def carriers(request: HttpRequest):
    return [
        CarrierOut(code=carrier.code, name=str(carrier.name), example=carrier.example)
        for carrier in CARRIERS.values()
    ]
