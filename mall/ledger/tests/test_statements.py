import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mall.customers.tests.factories import ShopperFactory
from mall.ledger.services import Line as Posting
from mall.ledger.services import post, settle_order
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled_shop():
    member = ShopMemberFactory()
    post("pay:1", [Posting("gateway:sandbox", 3000), Posting("escrow", -3000, "order:1")])
    settle_order(
        order_ref="order:1", shop_id=member.shop_id, paid=3000, refunded=0, freight=0,
        line_goods=[(3000, 500)],
    )  # fmt: skip
    return member


def _today() -> str:
    return timezone.localdate().isoformat()


def test_the_statement_lists_settlement_and_commission(client, settled_shop):
    client.force_login(settled_shop.user)

    page = client.get(reverse("ledger:statements"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "订单结算" in text and "平台佣金" in text
    assert "¥28.50" in text  # 30.00 − 5% commission


def test_the_csv_opens_in_excel_with_a_bom_and_yuan_amounts(client, settled_shop):
    client.force_login(settled_shop.user)

    response = client.get(
        reverse("ledger:statements"), {"start": _today(), "end": _today(), "format": "csv"}
    )

    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = body.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("时间,类型")
    assert any(row.endswith(",order:1,settle:order:1,30.00,30.00") for row in rows)
    assert rows[-1].endswith(",28.50")


def test_an_earlier_period_shows_nothing_and_the_opening_balance_carries(client, settled_shop):
    client.force_login(settled_shop.user)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    response = client.get(
        reverse("ledger:statements"), {"start": tomorrow, "end": tomorrow, "format": "csv"}
    )

    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 3  # header, opening, closing
    assert rows[1].endswith(",28.50")


def test_another_shops_statement_is_not_found(client, settled_shop):
    client.force_login(ShopMemberFactory().user)

    assert (
        client.get(reverse("ledger:statements"), {"shop": settled_shop.shop_id}).status_code == 404
    )


def test_shoppers_get_404(client, settled_shop):
    client.force_login(ShopperFactory())

    assert client.get(reverse("ledger:statements")).status_code == 404


@pytest.mark.parametrize(
    "params", [{"start": "2026-13-01"}, {"start": "2026-05-02", "end": "2026-05-01"},
               {"start": "2020-01-01", "end": "2026-01-01"}],
)  # fmt: skip
def test_bad_periods_are_a_clear_400(client, settled_shop, params):
    client.force_login(settled_shop.user)

    response = client.get(reverse("ledger:statements"), params)

    assert response.status_code == 400
    assert "日期" in response.content.decode() or "366" in response.content.decode()
