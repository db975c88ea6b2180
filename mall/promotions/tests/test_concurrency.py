"""A campaign with budget for exactly 10 discounts under 100 simultaneous checkouts gives 10,
never more (PostgreSQL, real threads, one transaction each)."""

import threading

import pytest
from django.db import connection, transaction

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
    barrier = threading.Barrier(CHECKOUTS)
    placed: list[int] = []
    refused: list[str] = []
    errors: list[Exception] = []

    def checkout(order_id: int) -> None:
        rule = AppliedRule(promotion.key, Layer.ORDER, DISCOUNT, by_shop={1: DISCOUNT})
        try:
            barrier.wait(timeout=20)
            with transaction.atomic():
                services.reserve_budgets([rule], order_ids_by_shop={1: order_id})
            placed.append(order_id)
        except BudgetExhausted as exc:
            refused.append(exc.message)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(n,)) for n in range(1, CHECKOUTS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(placed) == 10
    assert len(refused) == CHECKOUTS - 10
    promotion.refresh_from_db()
    assert (promotion.spent, promotion.status) == (promotion.budget, Promotion.Status.EXHAUSTED)
    assert sorted(PromotionUsage.objects.values_list("order_id", flat=True)) == sorted(placed)
