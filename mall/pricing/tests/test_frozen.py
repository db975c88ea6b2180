from dataclasses import fields

import pytest

from mall.pricing.breakdown import Adjustment, AppliedRule, CouponOption, PricedLine
from mall.pricing.frozen import make
from mall.pricing.rules import Layer

SAMPLES = [
    Adjustment(Layer.ORDER, "promotion:1", "reduction", 412, ((None, 412),), {"share": 412}),
    AppliedRule("coupon:3", Layer.COUPON, 500, {1: 500}, ((1, 500),)),
    CouponOption(coupon_id=3, usable=False, reason="threshold", missing=1200),
    PricedLine(sku_id=1, quantity=2, unit_price=1000, goods=2000, discount=412, total=1588),
]


@pytest.mark.parametrize("value", SAMPLES, ids=lambda value: type(value).__name__)
def test_a_value_made_from_its_fields_equals_the_constructed_one(value):
    made = make(type(value), {field.name: getattr(value, field.name) for field in fields(value)})
    assert made == value
    assert repr(made) == repr(value)
    assert made.to_dict() == value.to_dict()
    with pytest.raises(AttributeError):
        made.key = "changed"  # still frozen
