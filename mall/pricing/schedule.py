"""When a rule runs: its date range and its recurring wall-clock windows in Asia/Shanghai.

A window's `end` of 00:00 means midnight at the end of its day (a window never crosses
midnight otherwise). Shanghai keeps no daylight saving, so a wall-clock time is one instant.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from mall.pricing.rules import SHANGHAI, Rule, Schedule, Window

SCAN_DAYS = 8  # a weekly window opens or closes within this many days, if ever
MIDNIGHT = time(0)


def schedule_active(schedule: Schedule, moment: datetime | None) -> bool:
    """starts_at ≤ moment < ends_at and, with windows, inside one of them. Without a moment
    only a rule with no schedule at all applies."""
    if moment is None:
        return schedule == Schedule()
    if schedule.starts_at is not None and moment < schedule.starts_at:
        return False
    if schedule.ends_at is not None and moment >= schedule.ends_at:
        return False
    return not schedule.windows or bool(open_windows(schedule.windows, moment))


def window_end(schedule: Schedule, moment: datetime | None) -> datetime | None:
    """When the stretch `moment` is in ends (its window's end or `ends_at`, whichever is
    first), for a countdown; None when the schedule is not active or never ends (without a
    moment only an undated schedule is active, and it never ends)."""
    if moment is None or not schedule_active(schedule, moment):
        return None
    ends = [end for _start, end in open_windows(schedule.windows, moment)]
    end = max(ends, default=None)
    if schedule.ends_at is not None and (end is None or schedule.ends_at < end):
        end = schedule.ends_at
    return end


def current_window(schedule: Schedule, moment: datetime | None) -> Window | None:
    """The window `moment` falls in (the earliest-starting one if windows overlap)."""
    if moment is None or not schedule.windows:
        return None
    inside = [window for window in schedule.windows if _contains(window, moment)]
    return min(inside, key=lambda window: window.start, default=None)


def window_label(window: Window) -> str:
    """'20:00–21:00' (a window ending at midnight reads '…–24:00')."""
    start, end = window.start, window.end
    if end == MIDNIGHT:
        return f"{start.hour:02d}:{start.minute:02d}–24:00"
    return f"{start.hour:02d}:{start.minute:02d}–{end.hour:02d}:{end.minute:02d}"


def next_change(rules: Iterable[Rule], moment: datetime | None) -> datetime | None:
    """The earliest instant after `moment` when a rule starts or ends or one of its windows
    opens or closes (windows looked at over the next eight days)."""
    if moment is None:
        return None
    schedules = {rule.schedule for rule in rules}
    return min(
        (instant for schedule in schedules for instant in _changes(schedule, moment)),
        default=None,
    )


def open_windows(windows: Iterable[Window], moment: datetime) -> list[tuple[datetime, datetime]]:
    """The (start, end) instants of the windows `moment` is inside."""
    day = moment.astimezone(SHANGHAI).date()
    found = []
    for window in windows:
        bounds = _bounds_on(window, day)
        if bounds is not None and bounds[0] <= moment < bounds[1]:
            found.append(bounds)
    return found


def _contains(window: Window, moment: datetime) -> bool:
    return bool(open_windows((window,), moment))


def _bounds_on(window: Window, day: date) -> tuple[datetime, datetime] | None:
    if window.weekdays and day.weekday() not in window.weekdays:
        return None
    start = datetime.combine(day, window.start, SHANGHAI)
    end_day = day + timedelta(days=1) if window.end == MIDNIGHT else day
    return start, datetime.combine(end_day, window.end, SHANGHAI)


def _changes(schedule: Schedule, moment: datetime) -> Iterator[datetime]:
    for instant in (schedule.starts_at, schedule.ends_at):
        if instant is not None and instant > moment:
            yield instant
    first_day = moment.astimezone(SHANGHAI).date()
    for offset in range(SCAN_DAYS):
        day = first_day + timedelta(days=offset)
        for window in schedule.windows:
            bounds = _bounds_on(window, day)
            for instant in bounds or ():
                if instant > moment and _within_range(schedule, instant):
                    yield instant


def _within_range(schedule: Schedule, instant: datetime) -> bool:
    after_start = schedule.starts_at is None or instant >= schedule.starts_at
    return after_start and (schedule.ends_at is None or instant <= schedule.ends_at)
