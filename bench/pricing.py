"""Pricing: `mall.pricing.price_checkout` on a 50-line cart from 5 shops against 200 running
rules of every kind and a wallet of 10 coupons, in-process (pure Python, no database)."""

import random
import time as clock
from datetime import datetime, time
from typing import Any

from bench.machine import machine_facts
from bench.stats import summarize
from mall.pricing import PricingLine, PricingRequest, Shopper, price_checkout
from mall.pricing.freight import Basis as FreightBasis
from mall.pricing.freight import FreightRule, FreightTemplate
from mall.pricing.rules import (
    SHANGHAI,
    CatalogueKind,
    CatalogueRule,
    Coupon,
    CouponKind,
    MemberPrice,
    OrderKind,
    OrderRule,
    Schedule,
    Scope,
    ShippingRule,
    Tier,
    Window,
)

SHOPS = 5  # in the cart
MALL_SHOPS = 40  # with running promotions
PRODUCTS = 2000
LINES = 50
RULES = 200
COUPONS = 10
CATEGORIES = 40  # leaves, under 8 parents
WARM_UP = 50
RUNS = 1000
MOMENT = datetime(2026, 11, 26, 20, 30, tzinfo=SHANGHAI)
EVENING = Schedule(windows=(Window(time(20), time(21)),))


def cart(rng: random.Random) -> tuple[PricingLine, ...]:
    return tuple(
        PricingLine(
            sku_id=sku_id,
            shop_id=1 + sku_id % SHOPS,
            category_id=(leaf := rng.randrange(CATEGORIES)),
            brand_id=rng.randrange(20),
            quantity=rng.randint(1, 4),
            unit_price=rng.randrange(500, 50_000),
            weight_grams=rng.randrange(100, 3000),
            product_id=sku_id,
            category_path=(leaf, 100 + leaf % 8),
            tags=frozenset(rng.sample(["new", "hot", "recommended"], rng.randint(0, 2))),
        )
        for sku_id in range(1, LINES + 1)
    )


def scope(rng: random.Random, everything: bool = True) -> Scope:
    """Mostly narrow scopes, as real campaigns are; a few cover everything (a price cut on the
    whole mall is rare, 跨店满减 and 包邮 on everything are not)."""
    pick = rng.randrange(0 if everything else 1, 6)
    if pick == 0:
        return Scope()
    if pick == 1:
        return Scope(category_ids=frozenset({100 + rng.randrange(8)}))
    if pick == 2:
        return Scope(category_ids=frozenset(rng.sample(range(CATEGORIES), 3)))
    if pick == 3:
        return Scope(product_ids=frozenset(rng.sample(range(1, PRODUCTS), 20)))
    if pick == 4:
        return Scope(brand_ids=frozenset({rng.randrange(20)}))
    return Scope(tags=frozenset({"new"}), excluded_product_ids=frozenset({rng.randrange(1, LINES)}))


def rule(rng: random.Random, n: int) -> CatalogueRule | OrderRule | ShippingRule:
    common = {
        "key": f"promotion:{n}",
        "name": f"活动{n}",
        "scope": scope(rng),
        "shop_id": None if rng.random() < 0.2 else rng.randint(1, MALL_SHOPS),
        "exclusive_group": rng.choice([None, None, "festival", "clearance"]),
        "priority": rng.randrange(3),
        "budget_left": rng.choice([None, None, 100_000]),
        "funding": rng.choice([(), (), ((None, 5000), (1, 5000))]),
    }
    kind = n % 5
    if kind in (0, 1):
        return catalogue_rule(rng, common, timed=kind == 0)
    if kind in (2, 3):
        return order_rule(rng, common, gift_sku_id=9000 + n)
    return ShippingRule(**common, threshold=rng.randrange(0, 20_000), region_prefixes=("31",))


def catalogue_rule(rng: random.Random, common: dict[str, Any], timed: bool) -> CatalogueRule:
    common = {**common, "scope": scope(rng, everything=False)}
    if timed:
        return CatalogueRule(**common, discount_bp=rng.randrange(500, 3000), schedule=EVENING)
    specials = {sku: rng.randrange(400, 20_000) for sku in rng.sample(range(1, PRODUCTS), 30)}
    return CatalogueRule(
        **common,
        kind=rng.choice(list(CatalogueKind)),
        discount_bp=1000,
        amount=rng.randrange(100, 2000),
        special_prices=specials,
    )


def order_rule(rng: random.Random, common: dict[str, Any], gift_sku_id: int) -> OrderRule:
    kind = rng.choice(list(OrderKind))
    tiers = (Tier(10_000, 1000), Tier(30_000, 4000), Tier(60_000, 9000))
    if kind == OrderKind.DISCOUNT:
        tiers = (Tier(20_000, 500), Tier(50_000, 1000))
    return OrderRule(
        **common,
        kind=kind,
        tiers=tiers,
        repeat=rng.random() < 0.2,
        gift_sku_id=gift_sku_id,
        discount_bp=5000,
    )


def wallet(rng: random.Random) -> tuple[Coupon, ...]:
    kinds = [CouponKind.AMOUNT, CouponKind.AMOUNT, CouponKind.PERCENT, CouponKind.FREE_SHIPPING]
    return tuple(
        Coupon(
            id=n,
            name=f"券{n}",
            kind=kinds[n % len(kinds)],
            amount=rng.randrange(500, 5000),
            discount_bp=1000,
            cap=3000,
            threshold=rng.choice([0, 10_000, 50_000]),
            scope=scope(rng) if n % 3 == 0 else Scope(),
            shop_id=None if n % 2 else 1 + n % SHOPS,
            stackable=n != 7,
        )
        for n in range(1, COUPONS + 1)
    )


def sample_request(seed: int = 5) -> PricingRequest:
    rng = random.Random(seed)
    lines = cart(rng)
    template = FreightTemplate(
        template_id=1,
        name="按件",
        basis=FreightBasis.PIECE,
        rules=(FreightRule(frozenset(), 1, 800, 1, 200),),
        free_over_amount=99_00 * 3,
    )
    return PricingRequest(
        lines=lines,
        freight_templates={shop: template for shop in range(1, SHOPS + 1)},
        region_code="310101",
        moment=MOMENT,
        shopper=Shopper(member_rank=1),
        price_lists=tuple(
            MemberPrice(line.sku_id, 1, line.unit_price * 95 // 100) for line in lines[::5]
        ),
        rules=tuple(rule(rng, n) for n in range(1, RULES + 1)),
        coupons=wallet(rng),
        gift_stock={9000 + n: 10 for n in range(0, RULES, 2)},
    )


def yardstick_ms() -> float:
    """A million additions in a Python loop: how fast this interpreter runs right now."""
    started = clock.process_time()
    total = 0
    for number in range(1_000_000):
        total += number
    return (clock.process_time() - started) * 1000


def run(runs: int = RUNS) -> dict[str, Any]:
    request = sample_request()
    yardstick = yardstick_ms()
    for _ in range(WARM_UP):
        breakdown = price_checkout(request)
    timings, cpu = [], []
    for _ in range(runs):
        started, cpu_started = clock.perf_counter(), clock.process_time()
        price_checkout(request)
        timings.append((clock.perf_counter() - started) * 1000)
        cpu.append((clock.process_time() - cpu_started) * 1000)
    settings = {
        "cart": f"{LINES} lines from {SHOPS} shops, member prices on every fifth SKU",
        "rules": f"{RULES} running rules (time-slot, percent, amount, special, 满减, 满折, 买赠, "
        "第N件, 包邮; narrow and wide scopes, exclusive groups, budgets, joint funding)",
        "wallet": f"{COUPONS} coupons (platform and shop; amount, percent, free shipping)",
        "method": f"in-process, {WARM_UP} untimed calls, then timed calls one by one "
        "(wall clock, and the process's CPU time)",
        "timed calls": runs,
        "yardstick": f"a million additions in a Python loop took {yardstick:.0f} ms of CPU",
        "result": f"{len(breakdown.applied)} rules and coupons applied, "
        f"discount {breakdown.discount} fen of {breakdown.goods}",
    }
    return {
        "kind": "pricing",
        "machine": machine_facts(),
        "settings": settings,
        "summary": summarize(timings),
        "cpu": summarize(cpu),
    }
