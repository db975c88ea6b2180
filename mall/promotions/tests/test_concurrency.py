"""A campaign with budget for exactly 10 discounts under 100 simultaneous checkouts gives 10,
never more (PostgreSQL, real threads, one transaction each)."""

from collections.abc import Callable

import pytest
from django.db import connection, transaction

from mall.orders.tests.threads import all_at_once
from mall.pricing.breakdown import AppliedRule
from mall.pricing.rules import Layer
from mall.promotions import services
from mall.promotions.errors import BudgetExhausted
from mall.promotions.models import Promotion, PromotionUsage
from mall.promotions.tests.factories import PromotionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
CHECKOUTS = 100
DISCOUNT = 5_000


def test_a_budget_for_ten_discounts_gives_exactly_ten():
    promotion = PromotionFactory(kind=Promotion.Kind.REDUCTION, tiers=[[30_000, DISCOUNT]],
                                 discount_bp=0, budget=10 * DISCOUNT)  # fmt: skip
    rule = AppliedRule(promotion.key, Layer.ORDER, DISCOUNT, by_shop={1: DISCOUNT})

    def checkout(order_id: int) -> Callable[[], int]:
        def reserve() -> int:
            with transaction.atomic():
                services.reserve_budgets([rule], order_ids_by_shop={1: order_id})
            return order_id

        return reserve

    # released together on a bounded pool: one connection per thread, under the server's limit
    outcomes = all_at_once([checkout(n) for n in range(1, CHECKOUTS + 1)])

    placed = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, BudgetExhausted)]
    assert len(placed) == 10 and len(refused) == CHECKOUTS - 10, outcomes
    promotion.refresh_from_db()
    assert (promotion.spent, promotion.status) == (promotion.budget, Promotion.Status.EXHAUSTED)
    assert sorted(PromotionUsage.objects.values_list("order_id", flat=True)) == sorted(placed)
