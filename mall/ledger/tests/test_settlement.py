import pytest

from mall.ledger import selectors
from mall.ledger.services import Line as Posting
from mall.ledger.services import commission_of, post, settle_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("goods", "rate_bp", "commission"),
    [
        (1990, 500, 100),
        (1010, 500, 51),
        (1009, 500, 50),
        (0, 500, 0),
        (999, 0, 0),
        (333, 10000, 333),
    ],
)
def test_commission_rounds_half_up(goods, rate_bp, commission):
    assert commission_of(goods, rate_bp) == commission


def _pay(order_ref: str, amount: int) -> None:
    post(
        f"pay:{order_ref}",
        [Posting("gateway:sandbox", amount), Posting("escrow", -amount, order_ref)],
    )


def test_settlement_moves_escrow_to_the_shop_less_commission_per_line():
    _pay("order:1", 3800)  # goods 1990 + 1010, freight 800
    settle_order(
        order_ref="order:1", shop_id=7, paid=3800, refunded=0, freight=800,
        line_goods=[(1990, 500), (1010, 500)],
    )  # fmt: skip

    assert selectors.escrow_balance("order:1") == 0
    assert selectors.account_balance("revenue:commission") == -(100 + 51)
    assert selectors.account_balance("payable:7") == -(3800 - 151)


def test_platform_funded_discount_comes_from_promotion_expense():
    _pay("order:2", 900)  # goods 1000, platform coupon 100
    settle_order(
        order_ref="order:2", shop_id=3, paid=900, refunded=0, freight=0,
        line_goods=[(1000, 300)], platform_discount=100,
    )  # fmt: skip

    assert selectors.account_balance("expense:promotion") == 100
    assert selectors.account_balance("payable:3") == -(1000 - 30)
    assert selectors.trial_balance() == 0


def test_settling_after_a_partial_refund_settles_what_is_left_once():
    _pay("order:3", 2000)
    post("refund:1", [Posting("escrow", 500, "order:3"), Posting("gateway:sandbox", -500)])
    kwargs = {
        "order_ref": "order:3", "shop_id": 1, "paid": 2000, "refunded": 500, "freight": 0,
        "line_goods": [(1500, 500)],
    }  # fmt: skip
    settle_order(**kwargs)
    settle_order(**kwargs)

    assert selectors.escrow_balance("order:3") == 0
    assert selectors.account_balance("payable:1") == -(1500 - 75)


@pytest.mark.parametrize(
    "overrides",
    [
        {"refunded": 2500},
        {"line_goods": [(1900, 500)], "freight": 200},
        {"line_goods": [(1000, 10001)]},
        {"freight": -1},
    ],
)
def test_impossible_settlements_are_refused(overrides):
    kwargs = {
        "order_ref": "order:4", "shop_id": 1, "paid": 2000, "refunded": 0, "freight": 0,
        "line_goods": [(2000, 500)],
    } | overrides  # fmt: skip
    with pytest.raises(ValueError):
        settle_order(**kwargs)
