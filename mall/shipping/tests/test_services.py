import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from mall.merchants.tests.factories import ShopFactory
from mall.pricing.freight import Basis, FreightItem, quote
from mall.shipping import selectors, services
from mall.shipping.models import FreightRegionRule, FreightTemplate
from mall.shipping.services import RuleInput
from mall.shipping.tests.factories import FLAT_RATE, make_template, template_input

pytestmark = pytest.mark.django_db
REMOTE = RuleInput(1, 2000, 1, 1000, ("650000", "540000"))


def defaults(shop) -> list[str]:
    return list(
        FreightTemplate.objects.filter(shop=shop, is_default=True).values_list("name", flat=True)
    )


def test_first_template_becomes_the_default_and_later_ones_do_not():
    shop = ShopFactory()
    make_template(shop, "普通快递")
    make_template(shop, "顺丰")
    assert defaults(shop) == ["普通快递"]


def test_making_another_default_leaves_exactly_one():
    shop = ShopFactory()
    make_template(shop, "普通快递")
    sf = make_template(shop, "顺丰", make_default=True)
    assert defaults(shop) == ["顺丰"]
    services.set_default_template(shop, make_template(shop, "邮政").pk)
    assert defaults(shop) == ["邮政"]
    services.delete_template(shop, FreightTemplate.objects.get(name="邮政").pk)
    assert defaults(shop) == ["普通快递"]  # the oldest remaining one
    services.delete_template(shop, sf.pk)
    assert defaults(shop) == ["普通快递"]


def test_database_refuses_two_defaults_in_a_shop():
    shop = ShopFactory()
    make_template(shop)
    with pytest.raises(IntegrityError), transaction.atomic():
        FreightTemplate.objects.create(shop=shop, name="另一个", basis="piece", is_default=True)


def test_saving_again_replaces_the_rules():
    shop = ShopFactory()
    template = make_template(shop, region_rules=(REMOTE,))
    services.save_template(
        shop, template_input("普通快递", basis="weight"), template_id=template.pk
    )
    template.refresh_from_db()
    assert template.basis == "weight"
    assert list(template.rules.values_list("region_codes", flat=True)) == [[]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": " "}, "模板名称不能为空"),
        ({"basis": "volume"}, "计费方式只能是按件数或按重量"),
        ({"default_rule": RuleInput(0, 800, 1, 200)}, "首件/首重和续件/续重须在"),
        ({"default_rule": RuleInput(1, -1, 1, 200)}, "运费须在"),
        ({"region_rules": (RuleInput(1, 800, 1, -5, ("310000",)),)}, "运费须在"),
        ({"region_rules": (RuleInput(1, 800, 1, 0),)}, "至少选择一个地区"),
        ({"region_rules": (RuleInput(1, 800, 1, 0, ("999999",)),)}, "地区代码 999999 不存在"),
        ({"region_rules": (REMOTE,), "excluded_region_codes": ("650000",)}, "重复设置"),
        ({"free_over_amount": -1}, "满额包邮的金额不能为负数"),
        ({"free_over_count": 0}, "满件包邮的件数至少为 1"),
        ({"default_rule": RuleInput(1, 800, 1, 200, ("310000",))}, "默认运费不能指定地区"),
    ],
)
def test_invalid_templates_are_refused_and_nothing_is_written(overrides, message):
    shop = ShopFactory()
    with pytest.raises(ValidationError, match=message):
        make_template(shop, **overrides)
    assert not FreightTemplate.objects.exists()
    assert not FreightRegionRule.objects.exists()


def test_duplicate_name_in_a_shop_is_refused_but_fine_in_another_shop():
    shop = ShopFactory()
    make_template(shop, "普通快递")
    with pytest.raises(ValidationError, match="已有同名"):
        make_template(shop, "普通快递")
    make_template(ShopFactory(), "普通快递")


def test_another_shops_template_cannot_be_touched():
    mine, theirs = ShopFactory(), ShopFactory()
    other = make_template(theirs)
    with pytest.raises(Http404):
        services.set_default_template(mine, other.pk)
    with pytest.raises(Http404):
        services.delete_template(mine, other.pk)
    with pytest.raises(Http404):
        services.save_template(mine, template_input("x"), template_id=other.pk)
    with pytest.raises(Http404):
        selectors.get_template(mine, other.pk)
    assert FreightTemplate.objects.get(pk=other.pk).shop == theirs


def test_templates_for_shops_in_two_queries_whatever_the_number(django_assert_num_queries):
    shops = [ShopFactory() for _ in range(5)]
    for shop in shops[:4]:
        make_template(shop, "普通快递", region_rules=(REMOTE,), free_over_amount=9900)
        make_template(shop, "顺丰")
    with django_assert_num_queries(2):
        templates = selectors.freight_templates_for_shops([s.pk for s in shops])
    assert templates[shops[4].pk] is None
    first = templates[shops[0].pk]
    assert first.name == "普通快递"
    assert first.basis == Basis.PIECE
    assert first.free_over_amount == 9900
    assert {rule.region_codes for rule in first.rules} == {
        frozenset(),
        frozenset(REMOTE.region_codes),
    }


def test_pricing_template_prices_like_the_seller_set_it():
    shop = ShopFactory()
    make_template(shop, region_rules=(REMOTE,), excluded_region_codes=("150000",))
    template = selectors.freight_templates_for_shops([shop.pk])[shop.pk]
    item = FreightItem(quantity=2, weight_grams=300, amount=5000)
    assert quote(template, [item], "310101").fee == FLAT_RATE.first_fee + FLAT_RATE.extra_fee
    assert quote(template, [item], "650102").fee == 3000
    assert not quote(template, [item], "150102").deliverable
