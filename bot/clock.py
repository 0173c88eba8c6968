"""The clock, passed in everywhere a decision depends on time.

Deadlines are the business of this bot, so no module reads the time itself: commands build one
`Clock` (the real one, or a fixed instant from `--now`) and hand it down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Protocol

from bot.errors import UsageError


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


@dataclass(frozen=True)
class SystemClock:
    tz: tzinfo

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone(self.tz)


@dataclass(frozen=True)
class FixedClock:
    instant: datetime

    def now(self) -> datetime:
        return self.instant


def parse_now(text: str, tz: tzinfo) -> datetime:
    """Read `--now`: ISO 8601; a time without offset is read in the configured timezone."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--now: not an ISO 8601 date and time: {text!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(tz)
