"""What the daily digest tells staff, gathered from the store as plain values (no I/O, no text).

`collect` reads one consistent state of the store (call it inside a transaction) and the window
since the last digest; bot/reports.py renders and sends it. Everything "new" is derived from the
store: registration histories, message records, job runs. Only the failed mails already reported
are remembered (`REPORTED_MAIL`), because a failed mail carries no time of failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot import reviews
from bot.config import Config, Event
from bot.history import changed_since, last_source, status_at
from bot.jobs import planned_jobs
from bot.records import MailStatus, MessageRecord, OutgoingMail, Registration, RegStatus
from bot.store import Store
from bot.summary import planned_summaries

REPORTED_MAIL = "digest_reported_mail"  # store state: ids of failed mails the digest has shown
CHART_DAYS = 14
UPCOMING = 3  # how many coming deadlines the digest names
DAILY_JOBS = ("digest", "purge")  # the reports' own bookkeeping, not news


@dataclass(frozen=True)
class Change:
    name: str
    email: str
    status: RegStatus
    before: str | None  # the status at the last digest (None: unknown to the bot then)
    source: str  # the last history entry's source ("Mail <id>", "Geschäftsstelle: ...")


@dataclass(frozen=True)
class EventNews:
    event: Event
    counts: dict[RegStatus, int]
    changes: list[Change]
    curve: list[tuple[date, int]]  # registered at the end of each day, oldest first

    def changed(self, status: RegStatus | str) -> list[Change]:
        return [c for c in self.changes if c.status == status]


@dataclass(frozen=True)
class ReviewItem:
    id: str
    received: datetime
    sender: str
    sender_name: str
    subject: str
    reasons: list[str]
    excerpt: str
    folder: str
    error: str


@dataclass(frozen=True)
class Bounce:
    address: str
    status: str
    permanent: bool
    received: datetime
    registered_for: list[str]  # titles of coming events this address is registered for


@dataclass(frozen=True)
class FailedMail:
    id: str
    to: str
    kind: str
    subject: str
    status: MailStatus
    error: str


@dataclass(frozen=True)
class Line:
    """One dated line: an auto reply, a job that ran, a coming deadline."""

    at: datetime
    text: str
    detail: str = ""


@dataclass
class Digest:
    now: datetime
    since: datetime | None
    events: list[EventNews] = field(default_factory=list)
    quiet: list[Event] = field(default_factory=list)  # coming events nobody has answered yet
    reviews: list[ReviewItem] = field(default_factory=list)
    bounces: list[Bounce] = field(default_factory=list)
    failed: list[FailedMail] = field(default_factory=list)
    waiting: list[OutgoingMail] = field(default_factory=list)  # retries: sending has trouble
    auto_replies: list[Line] = field(default_factory=list)
    jobs: list[Line] = field(default_factory=list)
    purged: list[Line] = field(default_factory=list)
    upcoming: list[Line] = field(default_factory=list)

    @property
    def news(self) -> bool:
        """Is there anything to say? Counts and coming deadlines alone are not news."""
        return bool(
            any(e.changes for e in self.events)
            or self.reviews
            or self.bounces
            or self.failed
            or self.waiting
            or self.auto_replies
            or self.jobs
            or self.purged
        )


def collect(config: Config, store: Store, now: datetime, since: datetime | None) -> Digest:
    digest = Digest(now=now, since=since)
    reported = set(store.state(REPORTED_MAIL, []))
    for event in config.events:
        news = _event_news(event, store, now, since)
        if news is not None and (news.changes or any(news.counts.values())):
            digest.events.append(news)
        elif news is not None:
            digest.quiet.append(event)
    messages = store.messages()
    digest.reviews = [_review_item(r) for r in reviews.open_reviews(store)]
    digest.bounces = _bounces(config, store, messages, now, since)
    digest.failed = [_failed(m) for m in _failed_mail(store) if m.id not in reported]
    digest.waiting = [m for m in store.pending_mail() if m.status is MailStatus.RETRY]
    digest.auto_replies = _auto_replies(messages, since)
    digest.jobs, digest.purged = _jobs_done(store, since)
    digest.upcoming = upcoming(config, store, now)[:UPCOMING]
    return digest


def failed_mail_ids(store: Store) -> list[str]:
    """The failed mails to remember as shown once the digest is sent (only those still stored)."""
    return sorted(m.id for m in _failed_mail(store))


# ---- per event ------------------------------------------------------------------------------


def _event_news(event: Event, store: Store, now: datetime, since: datetime | None) -> EventNews | None:
    regs = store.registrations(event.id)
    changes = [c for c in (_change(r, since) for r in regs) if c is not None]
    if event.ends < now and not changes:
        return None  # a past event without news: nothing to say about it
    counts = {status: store.count(event.id, status) for status in RegStatus}
    return EventNews(event, counts, changes, _curve(regs, now, event))


def _change(reg: Registration, since: datetime | None) -> Change | None:
    if not changed_since(reg, since):
        return None
    return Change(reg.name, reg.email, reg.status, status_at(reg, since), last_source(reg))


def _curve(regs: list[Registration], now: datetime, event: Event) -> list[tuple[date, int]]:
    """Registered people at the end of each day, from the first registration (at most 14 days)."""
    tz = now.tzinfo
    firsts = [r.registered_at.astimezone(tz).date() for r in regs]
    if not firsts:
        return []
    today = now.astimezone(tz).date()
    last = min(today, event.starts.astimezone(tz).date())
    start = max(min(firsts), last - timedelta(days=CHART_DAYS - 1))
    days = [start + timedelta(days=n) for n in range((last - start).days + 1)]
    curve = []
    for day in days:
        end = min(now, datetime.combine(day, time(23, 59, 59), tzinfo=tz))
        curve.append((day, sum(1 for r in regs if status_at(r, end) == RegStatus.REGISTERED.value)))
    return curve


# ---- mail that needs a human, machines, failures ----------------------------------------------


def _review_item(rec: MessageRecord) -> ReviewItem:
    return ReviewItem(
        id=reviews.review_id(rec.key),
        received=rec.handled_at,
        sender=rec.sender,
        sender_name=rec.sender_name,
        subject=rec.subject,
        reasons=list(rec.reasons),
        excerpt=rec.excerpt,
        folder=reviews.folder_of(rec),
        error=rec.error,
    )


def _in_window(moment: datetime, since: datetime | None) -> bool:
    return since is None or moment > since


def _bounces(
    config: Config, store: Store, messages: list[MessageRecord], now: datetime, since: datetime | None
) -> list[Bounce]:
    out: list[Bounce] = []
    for rec in messages:
        if rec.intent != "bounce" or not _in_window(rec.handled_at, since):
            continue
        for failure in _failures(rec):
            address = str(failure.get("recipient") or "")
            out.append(
                Bounce(
                    address=address or "(Empfänger unbekannt)",
                    status=str(failure.get("status") or ""),
                    permanent=bool(failure.get("permanent", True)),
                    received=rec.handled_at,
                    registered_for=_coming_events_of(config, store, address, now),
                )
            )
    out.sort(key=lambda b: (b.received, b.address))
    return out


def _failures(rec: MessageRecord) -> list[dict[str, Any]]:
    failures = rec.classification.get("failures")
    if isinstance(failures, list) and failures:
        return [f for f in failures if isinstance(f, dict)]
    return [{"recipient": "", "status": "", "permanent": True}]


def _coming_events_of(config: Config, store: Store, address: str, now: datetime) -> list[str]:
    titles = []
    for event in config.events:
        reg = store.registration(event.id, address) if address else None
        if reg is not None and reg.status is RegStatus.REGISTERED and event.ends > now:
            titles.append(event.title)
    return titles


def _failed_mail(store: Store) -> list[OutgoingMail]:
    mails = store.outbox(frozenset({MailStatus.FAILED.value, MailStatus.IN_DOUBT.value}))
    return sorted(mails, key=lambda m: (m.created_at, m.purpose))


def _failed(mail: OutgoingMail) -> FailedMail:
    return FailedMail(mail.id, mail.to, mail.kind, mail.subject, mail.status, mail.last_error)


def _auto_replies(messages: list[MessageRecord], since: datetime | None) -> list[Line]:
    lines = [
        Line(rec.handled_at, _who(rec), rec.subject)
        for rec in messages
        if rec.intent == "auto_reply" and _in_window(rec.handled_at, since)
    ]
    return sorted(lines, key=lambda line: (line.at, line.text))


def _who(rec: MessageRecord) -> str:
    if rec.sender_name and rec.sender:
        return f"{rec.sender_name} <{rec.sender}>"
    return rec.sender or rec.sender_name or "(unbekannt)"


# ---- jobs: done and to come -------------------------------------------------------------------


def _jobs_done(store: Store, since: datetime | None) -> tuple[list[Line], list[Line]]:
    jobs: list[Line] = []
    purged: list[Line] = []
    for run in store.job_runs():
        if not _in_window(run.done_at, since) or run.job in DAILY_JOBS:
            continue
        line = Line(run.done_at, job_label(run.job), run.note)
        if run.job.startswith("purge"):
            purged.append(line)
        else:
            jobs.append(line)
    purge = store.job_run("purge")
    if purge is not None and _in_window(purge.done_at, since) and not purge.note.startswith("nichts"):
        purged.append(Line(purge.done_at, "Löschung nach Aufbewahrungsfrist", purge.note))
    return sorted(jobs, key=lambda x: x.at), sorted(purged, key=lambda x: x.at)


def job_label(name: str) -> str:
    """A job's name ("reminder:2020-06-22-zoom:1d") in words for staff."""
    kind, _, rest = name.partition(":")
    event, _, detail = rest.partition(":")
    labels = {
        "access_data": f"Zugangsdaten für {event}",
        "reminder": f"Erinnerung ({detail} vorher) für {event}",
        "summary": f"Teilnehmerübersicht an die Sprecher für {event}",
        "purge": "Löschung von Hand (anmeldebot purge)",
    }
    return labels.get(kind, name)


def upcoming(config: Config, store: Store, now: datetime) -> list[Line]:
    """What the bot will do next and when, soonest first (deadline jobs and summaries)."""
    # Deadlines first: at the same minute the summary follows the deadline it reports on.
    lines = [
        Line(e.registration_deadline, "Anmeldeschluss", e.title)
        for e in config.events
        if e.registration_deadline > now
    ]
    for job in planned_jobs(config):
        if job.at > now and not store.job_done(job.name):
            people = store.count(job.event.id, RegStatus.REGISTERED)
            lines.append(Line(job.at, _job_plan(job.kind, job.offset, people), job.event.title))
    for summary in planned_summaries(config):
        if summary.at > now and not store.job_done(summary.name):
            lines.append(Line(summary.at, "Teilnehmerübersicht an die Sprecher", summary.event.title))
    return sorted(lines, key=lambda line: line.at)


def _job_plan(kind: str, offset: str, people: int) -> str:
    if kind == "access_data":
        return f"Zugangsdaten an die {people} Angemeldeten"
    if kind == "reminder":
        return f"Erinnerung ({offset} vorher) an die {people} Angemeldeten"
    return kind
