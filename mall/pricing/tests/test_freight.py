import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mall.pricing.freight import (
    Basis,
    FreightItem,
    FreightQuote,
    FreightRule,
    FreightTemplate,
    quote,
    region_ancestry,
)

HUANGPU, SHANGHAI_CITY, SHANGHAI = "310101", "310100", "310000"
URUMQI_TIANSHAN, XINJIANG = "650102", "650000"


def rule(codes=(), first_units=1, first_fee=800, extra_units=1, extra_fee=200) -> FreightRule:
    return FreightRule(frozenset(codes), first_units, first_fee, extra_units, extra_fee)


def template(*rules, basis=Basis.PIECE, **options) -> FreightTemplate:
    return FreightTemplate(1, "默认模板", basis, rules or (rule(),), **options)


def item(quantity=1, weight_grams=500, amount=10_000) -> FreightItem:
    return FreightItem(quantity, weight_grams, amount)


def test_no_template_ships_free():
    assert quote(None, [item(5)], HUANGPU) == FreightQuote(0, True, "no_template")


def test_first_piece_then_each_extra_piece():
    assert quote(template(), [item(1)], HUANGPU) == FreightQuote(800, True, "rule")
    assert quote(template(), [item(2), item(2)], HUANGPU).fee == 800 + 3 * 200


def test_extra_units_are_rounded_up():
    by_two = template(rule(first_units=2, first_fee=1000, extra_units=3, extra_fee=500))
    assert [quote(by_two, [item(n)], None).fee for n in (1, 2, 3, 5, 6)] == [
        1000,
        1000,
        1500,
        1500,
        2000,
    ]


def test_by_weight_uses_pieces_times_unit_weight_rounded_up_per_kilo():
    per_kilo = template(
        rule(first_units=1000, first_fee=1200, extra_units=1000, extra_fee=600),
        basis=Basis.WEIGHT,
    )
    assert quote(per_kilo, [item(2, weight_grams=500)], None).fee == 1200
    assert quote(per_kilo, [item(2, weight_grams=501)], None).fee == 1800
    assert quote(per_kilo, [item(1, 2500), item(1, 0)], None).fee == 1200 + 2 * 600


def test_most_specific_region_rule_wins():
    shipping = template(
        rule(first_fee=1000),
        rule([SHANGHAI], first_fee=500),
        rule([HUANGPU], first_fee=0),
        rule([XINJIANG], first_fee=3000),
    )
    assert quote(shipping, [item()], HUANGPU).fee == 0
    assert quote(shipping, [item()], "310104").fee == 500  # 徐汇区: the province rule
    assert quote(shipping, [item()], URUMQI_TIANSHAN).fee == 3000
    assert quote(shipping, [item()], "440305").fee == 1000  # 南山区: default
    assert quote(shipping, [item()], None).fee == 1000  # no address yet: default


def test_city_rule_beats_province_rule_whatever_their_order():
    shipping = template(rule([SHANGHAI_CITY], first_fee=300), rule([SHANGHAI], first_fee=900))
    assert quote(shipping, [item()], HUANGPU).fee == 300


def test_excluded_region_is_undeliverable_even_when_free():
    shipping = template(excluded_region_codes=frozenset({XINJIANG}), free_over_amount=0)
    assert quote(shipping, [item()], URUMQI_TIANSHAN) == FreightQuote(0, False, "excluded_region")
    assert quote(shipping, [item()], HUANGPU).deliverable


def test_region_without_a_rule_is_undeliverable():
    only_shanghai = template(rule([SHANGHAI]))
    assert quote(only_shanghai, [item()], HUANGPU).deliverable
    assert quote(only_shanghai, [item()], URUMQI_TIANSHAN) == FreightQuote(0, False, "no_rule")


def test_free_over_amount_and_count_at_the_threshold():
    by_amount = template(free_over_amount=9900)
    assert quote(by_amount, [item(amount=9899)], None).fee == 800
    assert quote(by_amount, [item(amount=4950), item(amount=4950)], None) == FreightQuote(
        0, True, "free_over_amount"
    )
    by_count = template(free_over_count=3)
    assert quote(by_count, [item(2)], None).fee == 1000
    assert quote(by_count, [item(2), item(1)], None) == FreightQuote(0, True, "free_over_count")


def test_no_items_cost_nothing():
    assert quote(template(), [], HUANGPU) == FreightQuote(0, True, "no_items")


def test_region_ancestry_follows_the_code_prefixes():
    assert region_ancestry(HUANGPU) == (HUANGPU, SHANGHAI_CITY, SHANGHAI)
    assert region_ancestry("441900") == ("441900", "440000")
    assert region_ancestry(None) == ()


@pytest.mark.parametrize(
    "units", [dict(first_units=0), dict(extra_units=0), dict(first_fee=-1), dict(extra_fee=-1)]
)
def test_rules_refuse_impossible_prices(units):
    with pytest.raises(ValueError):
        rule(**units)


@pytest.mark.parametrize("fields", [(0, 1, 1), (1, -1, 1), (1, 1, -1)])
def test_items_refuse_impossible_values(fields):
    with pytest.raises(ValueError):
        FreightItem(*fields)


# --- properties ------------------------------------------------------------------------------

fees = st.integers(0, 100_000)
units = st.integers(1, 5_000)
rules = st.builds(rule, first_units=units, first_fee=fees, extra_units=units, extra_fee=fees)
items = st.lists(
    st.builds(FreightItem, st.integers(1, 50), st.integers(0, 20_000), st.integers(0, 10**7)),
    min_size=1,
    max_size=8,
)
district_codes = st.sampled_from([HUANGPU, "310104", URUMQI_TIANSHAN, "440305", "441900", None])
thresholds = st.none() | st.integers(0, 10**7)


@st.composite
def templates(draw) -> FreightTemplate:
    regional = draw(
        st.lists(
            st.builds(
                rule,
                st.lists(
                    st.sampled_from([HUANGPU, SHANGHAI_CITY, SHANGHAI, XINJIANG]), max_size=2
                ).map(frozenset),
                units,
                fees,
                units,
                fees,
            ),
            max_size=3,
        )
    )
    return FreightTemplate(
        template_id=1,
        name="t",
        basis=draw(st.sampled_from(Basis)),
        rules=(draw(rules), *regional),
        free_over_amount=draw(thresholds),
        free_over_count=draw(st.none() | st.integers(0, 400)),
        excluded_region_codes=frozenset(draw(st.lists(st.sampled_from([XINJIANG, "440000"])))),
    )


@given(templates(), items, district_codes)
def test_fee_is_never_negative_and_only_deliverable_quotes_charge(shipping, goods, region):
    result = quote(shipping, goods, region)
    assert result.fee >= 0
    assert result.deliverable or result.fee == 0


@given(templates(), items, district_codes)
def test_reaching_a_free_over_threshold_ships_free(shipping, goods, region):
    result = quote(shipping, goods, region)
    amount = sum(i.amount for i in goods)
    count = sum(i.quantity for i in goods)
    free = (shipping.free_over_amount is not None and amount >= shipping.free_over_amount) or (
        shipping.free_over_count is not None and count >= shipping.free_over_count
    )
    if free and result.deliverable:
        assert result.fee == 0


@given(templates(), items, st.sampled_from([URUMQI_TIANSHAN, "440305", "441900"]))
def test_excluded_regions_are_never_delivered(shipping, goods, region):
    if any(code in shipping.excluded_region_codes for code in region_ancestry(region)):
        assert quote(shipping, goods, region) == FreightQuote(0, False, "excluded_region")


@given(rules, st.integers(1, 10_000))
def test_fee_is_first_fee_plus_extra_units_rounded_up(priced, count):
    shipping = template(priced)
    extra_blocks = math.ceil(max(0, count - priced.first_units) / priced.extra_units)
    assert quote(shipping, [item(count)], None).fee == (
        priced.first_fee + extra_blocks * priced.extra_fee
    )


@given(rules, st.integers(1, 50), st.integers(0, 20_000))
def test_by_weight_charges_the_total_weight(priced, count, grams):
    shipping = template(priced, basis=Basis.WEIGHT)
    expected = quote(template(priced, basis=Basis.WEIGHT), [item(1, count * grams)], None)
    assert quote(shipping, [item(count, grams)], None) == expected


@given(rules, rules, rules, st.sampled_from([HUANGPU, "310104"]))
def test_most_specific_listed_region_decides(default, province, district, region):
    shipping = template(
        rule([SHANGHAI], *_prices(province)), default, rule([HUANGPU], *_prices(district))
    )
    expected = district if region == HUANGPU else province
    assert quote(shipping, [item(3)], region).fee == expected.fee_for(3)


@given(templates(), items, district_codes, st.integers(1, 20))
def test_more_pieces_never_cost_less_below_thresholds(shipping, goods, region, more):
    plain = FreightTemplate(shipping.template_id, shipping.name, shipping.basis, shipping.rules)
    heavier = [*goods, item(more, weight_grams=goods[0].weight_grams)]
    assert quote(plain, heavier, region).fee >= quote(plain, goods, region).fee


def _prices(priced: FreightRule) -> tuple[int, int, int, int]:
    return priced.first_units, priced.first_fee, priced.extra_units, priced.extra_fee
