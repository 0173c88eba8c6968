"""What a registration's history says about the past: its status at a moment, its changes since.

Every change of a registration appends a history entry (`at`, `status`, `source`), so the digest
and the attendee summary derive "new since the last report" from the store alone.
"""

from __future__ import annotations

from datetime import datetime

from bot.records import Registration


def status_at(reg: Registration, moment: datetime | None) -> str | None:
    """The status at `moment`, or None when the bot did not know the person yet (or moment is None)."""
    if moment is None:
        return None
    if not reg.history:
        return reg.status.value if reg.updated_at <= moment else None
    status = None
    for entry in reg.history:
        if datetime.fromisoformat(entry["at"]) <= moment:
            status = entry["status"]
    return status


def changed_since(reg: Registration, moment: datetime | None) -> bool:
    return status_at(reg, moment) != reg.status.value


def last_source(reg: Registration) -> str:
    return str(reg.history[-1].get("source", "")) if reg.history else ""
