"""The attendee summary for the spokespersons: when it is due and what it says (plain values).

Two per event, as [summary] configures: at the registration deadline, and again `before` the start.
Like the deadline jobs (bot/jobs.py) each is due when its moment has passed and the store has no
run of it; a worker that was down catches up with the latest one only, and none goes out once the
meeting has begun. "Changes since the last summary" come from the registrations' histories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.config import Config, Event
from bot.history import changed_since, status_at
from bot.records import Registration, RegStatus
from bot.store import Store

SKIPPED = "übersprungen"  # how a skipped summary's note begins


@dataclass(frozen=True)
class PlannedSummary:
    name: str  # "summary:<event>:deadline" or "summary:<event>:before"
    event: Event
    at: datetime
    which: str  # "deadline" | "before"
    skip: str = ""  # why it will not be sent, if so


@dataclass
class Summary:
    event: Event
    which: str
    now: datetime
    since: datetime | None  # the last summary sent for this event
    registered: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    cancelled: list[Registration] = field(default_factory=list)
    new: list[Registration] = field(default_factory=list)  # registered since the last summary
    gone: list[Registration] = field(default_factory=list)  # no longer registered since then


def planned_summaries(config: Config) -> list[PlannedSummary]:
    out: list[PlannedSummary] = []
    for event in config.events:
        if config.summary.at_deadline:
            out.append(
                PlannedSummary(f"summary:{event.id}:deadline", event, event.registration_deadline, "deadline")
            )
        before = config.summary.before
        if before is not None and event.starts - before > event.registration_deadline:
            out.append(PlannedSummary(f"summary:{event.id}:before", event, event.starts - before, "before"))
    return sorted(out, key=lambda s: (s.at, s.name))


def due_summaries(config: Config, store: Store, now: datetime) -> list[PlannedSummary]:
    """The summaries to run now; of several due for one event only the latest is sent."""
    due = [s for s in planned_summaries(config) if s.at <= now and not store.job_done(s.name)]
    latest = {s.event.id: s for s in due}
    out = []
    for item in due:
        skip = ""
        if now >= item.event.starts:
            skip = f"{SKIPPED}: das Treffen hatte schon begonnen"
        elif latest[item.event.id] is not item:
            skip = f"{SKIPPED}: eine spätere Übersicht ist ebenfalls fällig"
        out.append(PlannedSummary(item.name, item.event, item.at, item.which, skip))
    return out


def last_sent(store: Store, event: Event) -> datetime | None:
    runs = [
        r
        for r in store.job_runs()
        if r.job.startswith(f"summary:{event.id}:") and not r.note.startswith(SKIPPED)
    ]
    return max((r.done_at for r in runs), default=None)


def collect_summary(store: Store, planned: PlannedSummary, now: datetime) -> Summary:
    since = last_sent(store, planned.event)
    summary = Summary(planned.event, planned.which, now, since)
    for reg in store.registrations(planned.event.id):
        bucket = {
            RegStatus.REGISTERED: summary.registered,
            RegStatus.WAITLISTED: summary.waitlisted,
            RegStatus.CANCELLED: summary.cancelled,
        }.get(reg.status)
        if bucket is not None:
            bucket.append(reg)
        if since is None or not changed_since(reg, since):
            continue
        if reg.status is RegStatus.REGISTERED:
            summary.new.append(reg)
        elif status_at(reg, since) == RegStatus.REGISTERED.value:
            summary.gone.append(reg)
    # The list by name, for reading; the waiting list stays in order of arrival, its real order.
    summary.registered.sort(key=lambda r: (r.name.casefold() or r.email, r.email))
    return summary
