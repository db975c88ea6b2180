"""Freight templates for the demo shops (seed_demo), saved through `shipping.services` so they
are validated like a seller's own. Each shop gets the default template that suits what it sells:
piece-priced with 江浙沪 cheaper, weight-priced for appliances and food (fresh food not delivered
to the far west), free over a count for books, free nationwide for the digital flagships."""

from collections.abc import Iterable

from mall.merchants.models import Shop, Tier
from mall.pricing.freight import Basis
from mall.shipping.models import FreightTemplate
from mall.shipping.services import RuleInput, TemplateInput, save_template

JIANGZHEHU = ("310000", "320000", "330000", "340000")  # 上海、江苏、浙江、安徽
REMOTE = ("540000", "650000", "630000", "150000")  # 西藏、新疆、青海、内蒙古

PIECE_JIANGZHEHU = TemplateInput(
    name="江浙沪皖包邮",
    basis=Basis.PIECE,
    default_rule=RuleInput(first_units=1, first_fee=1000, extra_units=1, extra_fee=500),
    region_rules=(RuleInput(1, 0, 1, 0, JIANGZHEHU),),
    free_over_amount=9900,
)
BY_WEIGHT = TemplateInput(
    name="按重量计费",
    basis=Basis.WEIGHT,
    default_rule=RuleInput(first_units=1000, first_fee=1200, extra_units=1000, extra_fee=600),
    region_rules=(
        RuleInput(1000, 800, 1000, 200, JIANGZHEHU),
        RuleInput(1000, 2500, 1000, 1500, REMOTE),
    ),
    free_over_amount=19900,
)
FRESH = TemplateInput(
    name="冷链配送",
    basis=Basis.WEIGHT,
    default_rule=RuleInput(first_units=1000, first_fee=1800, extra_units=1000, extra_fee=800),
    region_rules=(RuleInput(1000, 600, 1000, 200, ("310000",)),),
    free_over_amount=8800,
    excluded_region_codes=REMOTE,
)
BOOKS = TemplateInput(
    name="满 3 件包邮",
    basis=Basis.PIECE,
    default_rule=RuleInput(first_units=1, first_fee=600, extra_units=1, extra_fee=100),
    region_rules=(RuleInput(1, 400, 1, 0, JIANGZHEHU),),
    free_over_count=3,
)
FREE_NATIONWIDE = TemplateInput(
    name="全国包邮（偏远地区除外）",
    basis=Basis.PIECE,
    default_rule=RuleInput(first_units=1, first_fee=0, extra_units=1, extra_fee=0),
    region_rules=(RuleInput(1, 2000, 1, 1000, REMOTE),),
)
EXPRESS = TemplateInput(
    name="顺丰特快",
    basis=Basis.PIECE,
    default_rule=RuleInput(first_units=1, first_fee=2300, extra_units=1, extra_fee=1000),
    region_rules=(RuleInput(1, 1500, 1, 500, JIANGZHEHU),),
)

# By the top-level category a shop mainly sells (catalog.demo.tree); others get PIECE_JIANGZHEHU.
DEFAULT_BY_TOP_CATEGORY = {
    "appliances": BY_WEIGHT,
    "food": FRESH,
    "digital": FREE_NATIONWIDE,
    "books-stationery": BOOKS,
    "household": BY_WEIGHT,
}


def seed_freight_templates(shops: Iterable[tuple[Shop, str]]) -> int:
    """Give each (shop, top-level category slug) that has no template yet its default template,
    and strategic shops an express template besides; returns how many templates were saved."""
    saved = 0
    for shop, top_category in shops:
        if FreightTemplate.objects.filter(shop=shop).exists():
            continue
        default = DEFAULT_BY_TOP_CATEGORY.get(top_category, PIECE_JIANGZHEHU)
        save_template(shop, default, make_default=True)
        saved += 1
        if shop.tier_id == Tier.STRATEGIC and default is not FREE_NATIONWIDE:
            save_template(shop, EXPRESS)
            saved += 1
    return saved
