"""From the shopper's view: the entries the selectors give, priced by the engine (the GROUP and
MEMBER layers), so a line pays the ladder step its quantity reaches."""

import pytest

from mall.customers.tests.factories import ShopperFactory
from mall.membership import selectors, services
from mall.pricing import PricingLine, PricingRequest, price_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladders(owner, sku, groups, levels):
    """The ¥100 SKU: agents ¥90 from 10, ¥80 from 100; wholesalers ¥88 from 10, at least 10;
    银卡 ¥98, 金卡 ¥95."""
    services.set_group_ladder(owner, sku, groups["agent"], [(10, 9_000), (100, 8_000)])
    services.set_group_ladder(owner, sku, groups["wholesaler"], [(10, 8_800)])
    services.set_minimum(owner, sku, groups["wholesaler"], 10)
    services.set_member_prices(owner, sku, [(1, 9_800), (2, 9_500)])
    return sku


def checkout(user, sku, quantity: int) -> tuple[int, list[str]]:
    """What the line costs in fen for this shopper, and the problems the engine reports."""
    shopper = selectors.shopper_for(user)
    line = PricingLine(
        sku_id=sku.pk, shop_id=sku.shop_id, category_id=sku.product.category_id, brand_id=None,
        quantity=quantity, unit_price=sku.price, weight_grams=0,
    )  # fmt: skip
    request = PricingRequest(
        lines=(line,), freight_templates={sku.shop_id: None}, shopper=shopper,
        price_lists=selectors.price_lists_for(shopper, [sku.pk]),
    )  # fmt: skip
    breakdown = price_checkout(request)
    return breakdown.shops[0].lines[0].total, [problem.code for problem in breakdown.problems]


def test_an_agent_pays_the_step_their_quantity_reaches(ladders, groups):
    agent = ShopperFactory()
    services.set_group(agent, groups["agent"])
    assert checkout(agent, ladders, 9)[0] == 9 * 10_000  # below the first step: list price
    assert checkout(agent, ladders, 10)[0] == 10 * 9_000
    assert checkout(agent, ladders, 99)[0] == 99 * 9_000
    assert checkout(agent, ladders, 100)[0] == 100 * 8_000


def test_a_wholesaler_below_the_minimum_is_told(ladders, groups):
    wholesaler = ShopperFactory()
    services.set_group(wholesaler, groups["wholesaler"])
    assert checkout(wholesaler, ladders, 5) == (5 * 10_000, ["min_quantity"])
    assert checkout(wholesaler, ladders, 10) == (10 * 8_800, [])


def test_a_gold_member_pays_the_gold_price_a_retail_shopper_the_list_price(ladders):
    gold = ShopperFactory()
    services.set_level(gold, 2)
    assert checkout(gold, ladders, 2)[0] == 2 * 9_500
    assert checkout(ShopperFactory(), ladders, 2)[0] == 2 * 10_000
