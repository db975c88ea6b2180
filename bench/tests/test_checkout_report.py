from bench.report import render_checkout

MACHINE = {"date": "2026-11-26T10:00:00+08:00", "load average at start": "1.00 1.00 1.00"}
PLACE = {
    "orders_per_checkout": 2,
    "lines_per_checkout": 5,
    "checkouts": {"place_orders": 150, "baseline": 400},
    "rate": {"place_orders": 30.0, "baseline": 80.0},
    "ratio": 0.375,
}
FLOW = {
    "paid": 250,
    "seconds": 10,
    "rate": 25.0,
    "requests": 3000,
    "p50_ms": 150.25,
    "p95_ms": 300.0,
    "notifications delivered": 260,
    "errors": {},
}


def render(place=PLACE, flow=FLOW) -> list[str]:
    result = {"machine": MACHINE, "settings": {"basket": "5 lines"}, "place": place, "http": flow}
    return render_checkout(result).splitlines()


def test_both_figures_meet_their_targets():
    lines = render()

    assert "- basket: 5 lines" in lines
    assert (
        "| checkouts/s (5 lines → 2 orders + 1 payment) | 30.0 (150 checkouts) "
        "| 80.0 (400 checkouts) | 0.38 | ≥ 0.25 | yes |" in lines
    )
    assert "| 25.0 (250 in 10 s) | 150.2 | 300.0 | 3000 | 260 | 0 | ≥ 20, 0 errors | yes |" in lines


def test_a_fast_enough_flow_with_errors_does_not_meet_the_target():
    flow = {**FLOW, "errors": {"checkout: HTTP 500": 2, "paid: not within 30 s": 1}}
    lines = render(flow=flow)

    assert (
        "| 25.0 (250 in 10 s) | 150.2 | 300.0 | 3000 | 260 "
        "| checkout: HTTP 500: 2, paid: not within 30 s: 1 | ≥ 20, 0 errors | **no** |" in lines
    )


def test_low_figures_and_failed_parts_are_reported_as_not_met():
    slow = render(place={**PLACE, "ratio": 0.2}, flow={**FLOW, "rate": 12.5})
    assert any(line.endswith("| 0.20 | ≥ 0.25 | **no** |") for line in slow)
    assert any(line.startswith("| 12.5 (250 in 10 s) |") and "**no**" in line for line in slow)

    failed = render(place={"error": "probe exited with 1"}, flow={"error": "gunicorn exited"})
    assert "| checkouts/s | probe exited with 1 | — | — | ≥ 0.25 | **no** |" in failed
    assert "| gunicorn exited | — | — | — | — | — | ≥ 20, 0 errors | **no** |" in failed
