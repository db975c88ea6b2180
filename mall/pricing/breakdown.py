"""What goes into pricing (lines, freight templates, region) and what comes out (the breakdown).

Amounts are integer fen. The breakdown round-trips through plain dicts (`to_dict`/`from_dict`)
so an order can keep the exact breakdown it was placed with as JSON.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from mall.pricing.freight import FreightQuote, FreightTemplate
from mall.pricing.rules import ANONYMOUS, Coupon, Layer, Party, PriceListEntry, Rule, Shopper

ParamValue = int | str | None


@dataclass(frozen=True)
class PricingLine:
    sku_id: int
    shop_id: int
    category_id: int
    brand_id: int | None
    quantity: int
    unit_price: int
    weight_grams: int
    product_id: int = 0
    category_path: tuple[int, ...] = ()  # the line's category and its ancestors
    tags: frozenset[str] = frozenset()  # the product's tags

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"quantity of SKU {self.sku_id} must be at least 1")
        if self.unit_price < 0 or self.weight_grams < 0:
            raise ValueError(f"price and weight of SKU {self.sku_id} must not be negative")

    @property
    def goods(self) -> int:
        return self.unit_price * self.quantity

    @cached_property
    def categories(self) -> tuple[int, ...]:
        """What a scope's categories match: the path, or the line's own category."""
        return self.category_path or (self.category_id,)


@dataclass(frozen=True)
class PricingRequest:
    lines: tuple[PricingLine, ...]
    freight_templates: Mapping[int, FreightTemplate | None]  # by shop_id; None = free shipping
    region_code: str | None = None
    moment: datetime | None = None  # None: rules with a schedule or window do not apply
    shopper: Shopper = ANONYMOUS
    price_lists: tuple[PriceListEntry, ...] = ()
    rules: tuple[Rule, ...] = ()
    coupons: tuple[Coupon, ...] = ()  # the shopper's unused coupons; the engine picks
    coupon_choice: tuple[int, ...] | None = None  # None = the best; () = none; ids = these
    gift_stock: Mapping[int, int] = field(default_factory=dict)  # gift SKU id → pieces left


@dataclass(frozen=True)
class Adjustment:
    """One layer's change to one line: `amount` fen off, `funded_by` the same amount split
    between parties (largest remainder), `code` and `params` to word it ("time_slot" with
    {"discount_bp": 2000, "window": "20:00–21:00"}, "reduction" with {"threshold": 10000,
    "value": 2000, "share": 412} …)."""

    layer: Layer
    key: str  # "promotion:12", "coupon:55", "group_price", "member_price"
    code: str
    amount: int
    funded_by: tuple[tuple[Party, int], ...] = ()
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer": str(self.layer),
            "key": self.key,
            "code": self.code,
            "amount": self.amount,
            "funded_by": _funding_to_list(self.funded_by),
            "params": dict(self.params),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Adjustment":
        return cls(
            layer=Layer(data["layer"]),
            key=data["key"],
            code=data["code"],
            amount=data["amount"],
            funded_by=_funding_from_list(data["funded_by"]),
            params=dict(data["params"]),
        )


@dataclass(frozen=True)
class GiftLine:
    """A free piece a 买赠 rule adds (price 0), shipped by `shop_id`."""

    sku_id: int
    shop_id: int
    quantity: int
    key: str

    def to_dict(self) -> dict[str, Any]:
        return {"sku_id": self.sku_id, "shop_id": self.shop_id, "quantity": self.quantity,
                "key": self.key}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "GiftLine":
        return cls(data["sku_id"], data["shop_id"], data["quantity"], data["key"])


@dataclass(frozen=True)
class Hint:
    """What the shopper could still reach: code "reduction_gap" with {"key", "shop_id",
    "missing": 1200, "threshold": 10000, "value": 2000} → “再买 ¥12.00 可享满100减20”."""

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Hint":
        return cls(code=data["code"], params=dict(data["params"]))


@dataclass(frozen=True)
class AppliedRule:
    """A rule or coupon this pricing used: the fen it gives in all, per shop, and per party
    that pays for it. Checkout consumes coupons and reserves budgets from these."""

    key: str
    layer: Layer
    amount: int
    by_shop: Mapping[int, int] = field(default_factory=dict)
    funded_by: tuple[tuple[Party, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "layer": str(self.layer),
            "amount": self.amount,
            "by_shop": [[shop_id, amount] for shop_id, amount in self.by_shop.items()],
            "funded_by": _funding_to_list(self.funded_by),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AppliedRule":
        return cls(
            key=data["key"],
            layer=Layer(data["layer"]),
            amount=data["amount"],
            by_shop={shop_id: amount for shop_id, amount in data["by_shop"]},
            funded_by=_funding_from_list(data["funded_by"]),
        )


@dataclass(frozen=True)
class CouponOption:
    """A wallet coupon at this checkout: whether it can be used (`reason` code when not:
    "threshold", "scope", "not_started", "expired", "not_stackable"), what it would give
    (alone), and whether the pricing used it."""

    coupon_id: int
    usable: bool
    discount: int = 0
    chosen: bool = False
    reason: str | None = None
    missing: int = 0  # fen still to buy to reach its threshold

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CouponOption":
        return cls(**data)


@dataclass(frozen=True)
class Problem:
    """Something that stops this cart being bought as it is: "min_quantity" with
    {"sku_id", "quantity"}, "gift_out_of_stock", "coupon_unusable" with {"coupon_id", "reason"}."""

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Problem":
        return cls(code=data["code"], params=dict(data["params"]))


@dataclass(frozen=True)
class Explanation:
    """Why an amount is what it is, as a code and parameters; the site words it for people."""

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Explanation":
        return cls(code=data["code"], params=dict(data["params"]))


@dataclass(frozen=True)
class PricedLine:
    sku_id: int
    quantity: int
    unit_price: int
    goods: int
    discount: int
    total: int
    adjustments: tuple[Adjustment, ...] = ()  # what each layer took off, in layer order

    def to_dict(self) -> dict[str, Any]:
        return {
            "sku_id": self.sku_id,
            "quantity": self.quantity,
            "unit_price": self.unit_price,
            "goods": self.goods,
            "discount": self.discount,
            "total": self.total,
            "adjustments": [adjustment.to_dict() for adjustment in self.adjustments],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PricedLine":
        """Reads breakdowns stored before issue 5 too (no adjustments)."""
        amounts = ("sku_id", "quantity", "unit_price", "goods", "discount", "total")
        return cls(
            **{name: int(data[name]) for name in amounts},
            adjustments=tuple(Adjustment.from_dict(a) for a in data.get("adjustments", ())),
        )


@dataclass(frozen=True)
class ShopPrice:
    shop_id: int
    lines: tuple[PricedLine, ...]
    goods: int
    discount: int
    freight: int
    freight_quote: FreightQuote  # before shipping promotions
    total: int
    freight_discount: int = 0  # `freight` = freight_quote.fee − freight_discount
    gifts: tuple[GiftLine, ...] = ()

    @property
    def deliverable(self) -> bool:
        return self.freight_quote.deliverable

    def to_dict(self) -> dict[str, Any]:
        quote = self.freight_quote
        return {
            "shop_id": self.shop_id,
            "lines": [line.to_dict() for line in self.lines],
            "goods": self.goods,
            "discount": self.discount,
            "freight": self.freight,
            "freight_quote": {
                "fee": quote.fee,
                "deliverable": quote.deliverable,
                "reason": quote.reason,
            },
            "total": self.total,
            "freight_discount": self.freight_discount,
            "gifts": [gift.to_dict() for gift in self.gifts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ShopPrice":
        quote = data["freight_quote"]
        return cls(
            shop_id=data["shop_id"],
            lines=tuple(PricedLine.from_dict(line) for line in data["lines"]),
            goods=data["goods"],
            discount=data["discount"],
            freight=data["freight"],
            freight_quote=FreightQuote(
                fee=quote["fee"], deliverable=quote["deliverable"], reason=quote["reason"]
            ),
            total=data["total"],
            freight_discount=data.get("freight_discount", 0),
            gifts=tuple(GiftLine.from_dict(gift) for gift in data.get("gifts", ())),
        )


@dataclass(frozen=True)
class PriceBreakdown:
    shops: tuple[ShopPrice, ...]
    goods: int
    discount: int
    freight: int
    total: int
    deliverable: bool
    explanations: tuple[Explanation, ...]
    applied: tuple[AppliedRule, ...] = ()
    hints: tuple[Hint, ...] = ()
    coupon_options: tuple[CouponOption, ...] = ()
    problems: tuple[Problem, ...] = ()

    def shop(self, shop_id: int) -> ShopPrice:
        return next(shop for shop in self.shops if shop.shop_id == shop_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "shops": [shop.to_dict() for shop in self.shops],
            "goods": self.goods,
            "discount": self.discount,
            "freight": self.freight,
            "total": self.total,
            "deliverable": self.deliverable,
            "explanations": [explanation.to_dict() for explanation in self.explanations],
            "applied": [applied.to_dict() for applied in self.applied],
            "hints": [hint.to_dict() for hint in self.hints],
            "coupon_options": [option.to_dict() for option in self.coupon_options],
            "problems": [problem.to_dict() for problem in self.problems],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PriceBreakdown":
        return cls(
            shops=tuple(ShopPrice.from_dict(shop) for shop in data["shops"]),
            goods=data["goods"],
            discount=data["discount"],
            freight=data["freight"],
            total=data["total"],
            deliverable=data["deliverable"],
            explanations=tuple(Explanation.from_dict(e) for e in data["explanations"]),
            applied=tuple(AppliedRule.from_dict(a) for a in data.get("applied", ())),
            hints=tuple(Hint.from_dict(h) for h in data.get("hints", ())),
            coupon_options=tuple(CouponOption.from_dict(o) for o in data.get("coupon_options", ())),
            problems=tuple(Problem.from_dict(p) for p in data.get("problems", ())),
        )


def _funding_to_list(funded_by: tuple[tuple[Party, int], ...]) -> list[list[Party | int]]:
    return [[party, amount] for party, amount in funded_by]


def _funding_from_list(data: list[list[Any]]) -> tuple[tuple[Party, int], ...]:
    return tuple((party, amount) for party, amount in data)
