from bench import pricing
from bench.report import render_pricing
from mall.pricing import price_checkout


def test_the_sample_is_the_size_the_target_is_about():
    request = pricing.sample_request()
    assert len(request.lines) == 50
    assert len({line.shop_id for line in request.lines}) == 5
    assert len(request.rules) == 200
    assert len(request.coupons) == 10


def test_the_sample_exercises_every_layer():
    breakdown = price_checkout(pricing.sample_request())
    layers = {applied.layer for applied in breakdown.applied}
    assert {"member", "catalogue", "order", "coupon"} <= layers
    assert breakdown.total > 0


def test_a_short_run_is_published_with_its_verdict():
    result = pricing.run(runs=5)
    body = render_pricing(result)
    assert "| 5 |" in body
    assert "≤ 2 ms" in body
