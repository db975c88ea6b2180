from datetime import UTC, datetime, time

from mall.pricing import next_change, schedule_active, window_end
from mall.pricing.rules import CatalogueRule, Schedule, Window
from mall.pricing.tests.builders import daily, shanghai

SLOTS = Schedule(
    windows=(
        Window(time(10), time(11)),
        Window(time(20), time(21)),
    )
)


def rule(schedule: Schedule) -> CatalogueRule:
    return CatalogueRule(key="promotion:1", name="限时", schedule=schedule)


def test_windows_are_shanghai_wall_clock():
    assert schedule_active(SLOTS, shanghai(26, 10, 15))
    assert schedule_active(SLOTS, datetime(2026, 11, 26, 2, 15, tzinfo=UTC))  # 10:15 in Shanghai
    assert not schedule_active(SLOTS, datetime(2026, 11, 26, 10, 15, tzinfo=UTC))
    assert not schedule_active(SLOTS, shanghai(26, 11))


def test_without_a_moment_only_unscheduled_rules_run():
    assert schedule_active(Schedule(), None)
    assert not schedule_active(SLOTS, None)
    assert not schedule_active(Schedule(ends_at=shanghai(30, 0)), None)


def test_a_window_ending_at_midnight_runs_to_the_end_of_the_day():
    late = daily("22:00", "00:00")
    assert schedule_active(late, shanghai(26, 23, 59))
    assert not schedule_active(late, shanghai(27, 0, 0))
    assert window_end(late, shanghai(26, 23)) == shanghai(27, 0)


def test_without_a_moment_nothing_ends():
    assert window_end(Schedule(), None) is None
    assert window_end(SLOTS, None) is None


def test_window_end_is_the_window_or_the_campaign_end_whichever_is_first():
    assert window_end(SLOTS, shanghai(26, 20, 30)) == shanghai(26, 21)
    short = Schedule(ends_at=shanghai(26, 20, 45), windows=SLOTS.windows)
    assert window_end(short, shanghai(26, 20, 30)) == shanghai(26, 20, 45)
    assert window_end(Schedule(ends_at=shanghai(30, 0)), shanghai(26, 1)) == shanghai(30, 0)
    assert window_end(Schedule(), shanghai(26, 1)) is None
    assert window_end(SLOTS, shanghai(26, 12)) is None  # not running


def test_next_change_is_the_next_window_edge_or_date():
    rules = [rule(SLOTS)]
    assert next_change(rules, shanghai(26, 9)) == shanghai(26, 10)
    assert next_change(rules, shanghai(26, 10)) == shanghai(26, 11)
    assert next_change(rules, shanghai(26, 21, 30)) == shanghai(27, 10)
    dated = rule(Schedule(starts_at=shanghai(26, 9, 30)))
    assert next_change([*rules, dated], shanghai(26, 9)) == shanghai(26, 9, 30)


def test_next_change_looks_a_week_ahead_for_weekly_windows():
    sundays = rule(daily("10:00", "11:00", frozenset({6})))
    assert next_change([sundays], shanghai(26, 12)) == shanghai(29, 10)


def test_next_change_ignores_windows_outside_the_dates():
    over = rule(Schedule(ends_at=shanghai(26, 12), windows=SLOTS.windows))
    assert next_change([over], shanghai(26, 11, 30)) == shanghai(26, 12)
    assert next_change([over], shanghai(26, 12)) is None
    assert next_change([rule(Schedule())], shanghai(26, 12)) is None
    assert next_change([rule(SLOTS)], None) is None
