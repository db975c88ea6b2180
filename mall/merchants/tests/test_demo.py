import pytest

from mall.catalog.demo.shops import SHOPS
from mall.catalog.tests.factories import CategoryFactory
from mall.ledger.selectors import accounts_out_of_step, trial_balance
from mall.merchants.demo import seed_demo_data
from mall.merchants.models import Shop, ShopEvent, Tier, TierCommission
from mall.merchants.selectors import balances, commission_rate_bp
from mall.merchants.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


def test_the_demo_sets_category_rates_pays_every_deposit_and_runs_twice_without_change():
    digital, beauty = CategoryFactory(slug="digital"), CategoryFactory(slug="beauty")
    open_shop = ShopFactory(slug=SHOPS[0].slug, tier_id=Tier.STRATEGIC)
    suspended = ShopFactory(slug=SHOPS[-1].slug, status=Shop.Status.SUSPENDED)
    stranger = ShopFactory()

    first = seed_demo_data(2026)
    again = seed_demo_data(2026)

    assert first["类目佣金（新建）"] == 6 and again["类目佣金（新建）"] == 0
    assert first["保证金到账（新建）"] == 2 and again["保证金到账（新建）"] == 0
    assert TierCommission.objects.count() == 6
    assert commission_rate_bp(open_shop, digital) == 200  # 数码 for 战略合作
    assert commission_rate_bp(suspended, beauty) == 1000  # 美妆 for 普通
    assert balances(open_shop).deposit == open_shop.tier.deposit
    assert balances(stranger).deposit == 0  # not a demo shop
    assert suspended.events.filter(kind=ShopEvent.Kind.SUSPENDED).count() == 1
    assert trial_balance() == 0 and not accounts_out_of_step()
