"""Shapes of /api/cart. Money is `{fen, display}` like the rest of the API."""

from typing import Annotated

from ninja import Field, Schema

from mall.api.schemas import Money, ShopRef
from mall.cart.models import MAX_LINE_QUANTITY

Quantity = Annotated[
    int, Field(strict=True, ge=1, le=MAX_LINE_QUANTITY, description="数量，1–99 的整数")
]


class AddLine(Schema):
    sku_id: int = Field(strict=True, ge=1, description="SKU 编号")
    quantity: Quantity = 1


class ChangeLine(Schema):
    quantity: Quantity | None = None
    selected: bool | None = Field(None, description="是否勾选结算")


class Select(Schema):
    selected: bool = Field(description="勾选或取消")
    shop_id: int | None = Field(None, strict=True, description="只改这家店铺的商品；不填为全部")


class Problem(Schema):
    code: str = Field(description="sku_gone / shop_closed / off_shelf / out_of_stock / ...")
    label: str


class Promotion(Schema):
    key: str = Field(description="promotion:<id> / coupon:<id> / group_price / member_price")
    amount: Money = Field(description="这一行因它减少的金额")
    text: str = Field(description="说明，如“限时折扣 8折 · 20:00–21:00”")


class Line(Schema):
    id: int
    sku_id: int | None = Field(description="SKU 已删除时为 null")
    product_id: int | None
    title: str
    quantity: int
    max_quantity: int = Field(description="当前最多可购买的数量（库存与限购取小）")
    selected: bool
    purchasable: bool
    unit_price: Money = Field(description="当前单价")
    price_when_added: Money
    subtotal: Money
    discount: Money = Field(description="勾选时分摊到这一行的优惠")
    total: Money = Field(description="勾选时这一行优惠后的金额")
    promotions: list[Promotion]
    problems: list[Problem]


class ShopLines(Schema):
    shop: ShopRef
    all_selected: bool
    lines: list[Line]


class Cart(Schema):
    item_count: int = Field(description="商品件数")
    shops: list[ShopLines]
    gone: list[Line] = Field(description="SKU 已不存在的商品")
    selected_count: int = Field(description="已勾选且可购买的商品种数")
    goods: Money = Field(description="已勾选商品金额（运费在结算时计算）")
    discount: Money = Field(description="已勾选商品的优惠合计（含自动选择的最优优惠券）")
    total: Money
    hints: list[str] = Field(description="凑单提示，如“再买 ¥12.00 可享满100减20”")
