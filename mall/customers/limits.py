"""Rate limits as atomic counters in Django's cache (Redis when REDIS_URL is set).

Every window is named by its number in the key and measured on the application's clock, in local
time (so a day is a calendar day in Shanghai). Nothing depends on the cache expiring a key at the
right moment: timeouts only let the cache forget old windows.
"""

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

FORGET_AFTER_SECONDS = 60  # how long a finished window's key outlives it


def _local_now() -> float:
    now = timezone.localtime()
    return now.timestamp() + now.utcoffset().total_seconds()


@dataclass(frozen=True)
class _Window:
    key: str
    seconds_left: int


@dataclass(frozen=True)
class FixedWindowLimit:
    """At most `limit` events per `period` seconds for each subject (a phone, an IP)."""

    name: str
    limit: int
    period: int

    def _window(self, subject: str, offset: int = 0) -> _Window:
        now = _local_now()
        number = int(now // self.period) + offset
        return _Window(
            f"limits:{self.name}:{subject}:{number}", math.ceil((number + 1) * self.period - now)
        )

    def hit(self, subject: str) -> int:
        """Count one event. 0 while within the limit, else the seconds until the window ends."""
        window = self._window(subject)
        timeout = window.seconds_left + FORGET_AFTER_SECONDS
        cache.add(window.key, 0, timeout)
        try:
            count = cache.incr(window.key)
        except ValueError:  # the cache dropped the key between add and incr
            cache.add(window.key, 1, timeout)
            count = 1
        return window.seconds_left if count > self.limit else 0

    def blocked_for(self, subject: str) -> int:
        """Seconds until the window ends when the limit is already reached, else 0."""
        window = self._window(subject)
        return window.seconds_left if cache.get(window.key, 0) >= self.limit else 0

    def reset(self, subject: str) -> None:
        cache.delete(self._window(subject).key)


@dataclass(frozen=True)
class Cooldown:
    """At most one event per `seconds` for each subject, measured from the event itself.

    A claim is stored in the fixed window it falls in; a new claim reads the previous window and
    adds to its own (atomic), so racing claims in one window cannot both win, and a claim just
    after a window edge still sees one made just before it.
    """

    name: str
    seconds: int

    def _key(self, subject: str, number: int) -> str:
        return f"limits:{self.name}:{subject}:{number}"

    def claim(self, subject: str) -> int:
        """0 when claimed, else the seconds until the subject may claim again."""
        now = _local_now()
        number = int(now // self.seconds)
        for key in (self._key(subject, number - 1), self._key(subject, number)):
            claimed_at = cache.get(key)
            if claimed_at is not None and now - claimed_at < self.seconds:
                return math.ceil(self.seconds - (now - claimed_at))
        if cache.add(self._key(subject, number), now, 2 * self.seconds):
            return 0
        return self.seconds  # another request claimed this window a moment ago


SMS_COOLDOWN = Cooldown("sms-phone", seconds=60)
SMS_PER_PHONE_DAILY = FixedWindowLimit("sms-phone-day", limit=10, period=24 * 3600)
SMS_PER_IP_HOURLY = FixedWindowLimit("sms-ip-hour", limit=50, period=3600)
LOGIN_FAILURES = FixedWindowLimit("login-fail", limit=5, period=15 * 60)
