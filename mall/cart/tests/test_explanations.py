from django.utils import translation

from mall.cart.explanations import describe
from mall.pricing import Explanation, PricingLine, PricingRequest, price_checkout
from mall.pricing.freight import Basis, FreightRule, FreightTemplate


def test_a_breakdown_reads_in_chinese_and_english():
    rule = FreightRule(frozenset(), 1, 800, 1, 0)
    template = FreightTemplate(1, "快递", Basis.PIECE, (rule,), excluded_region_codes={"540000"})
    line = PricingLine(7, 3, 1, None, 3, 1990, 200)
    breakdown = price_checkout(PricingRequest((line,), {3: template}, region_code="310101"))
    with translation.override("zh-hans"):
        assert [describe(e, {3: "沪上数码"}) for e in breakdown.explanations] == [
            "沪上数码：商品 3 件，共 ¥59.70",
            "沪上数码：运费 ¥8.00",
        ]
    tibet = price_checkout(PricingRequest((line,), {3: template}, region_code="540102"))
    with translation.override("en"):
        assert (
            describe(tibet.explanations[1], {}) == "Shipping ¥0.00 (not delivered to this region)"
        )


def test_promotion_codes_are_worded_by_the_promotion_wording():
    reduction = Explanation("reduction", {"name": "满100减20", "amount": 2000, "shop_id": 3})
    assert describe(reduction, {3: "沪上数码"}) == "沪上数码：满100减20 优惠 ¥20.00"
