"""The reports the worker sends on its own schedule, and the daily housekeeping before them.

One step of the worker's cycle (`run_reports`, after the deadline jobs, so that the digest can tell
of what they did), in this order:

    purge      daily at [digest].time: personal data past [retention].days (bot/purge.py)
    summaries  to [people].spokespersons at each registration deadline and [summary].before the
               meeting (bot/summary.py)
    digest     daily at [digest].time to [people].staff (bot/digest.py)

Each runs in one store transaction that reads the store, queues its mails (keyed by purpose) and
records the run (a JobRun), so it happens once, even when the worker was down at the time and
catches up later: a daily job is due when today's moment has passed and its last run was before
it. The mails go out with the cycle's final flush. Texts are templates (templates/de/digest.*,
summary.*): plain text and an HTML part of their own, since these reports have tables.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import jinja2

from bot import dates
from bot.compose import Rendered, build_message, default_templates_dir, make_message_id
from bot.config import Config
from bot.digest import REPORTED_MAIL, Digest, collect, failed_mail_ids
from bot.exports import to_csv
from bot.purge import apply_purge, plan_purge
from bot.records import JobRun, MailStatus, OutgoingMail, RegStatus
from bot.store import Store, Transaction
from bot.summary import SKIPPED, PlannedSummary, Summary, collect_summary, due_summaries
from bot.wire import Attachment

if TYPE_CHECKING:
    from bot.worker import CycleReport, Worker

log = logging.getLogger("bot.reports")

DIGEST = "digest"
PURGE = "purge"
SPARKS = "▁▂▃▄▅▆▇█"
CHART_HEIGHT = 60  # pixels of the tallest bar in the HTML chart


def run_reports(worker: Worker, report: CycleReport) -> None:
    """The worker's step: run whatever report or housekeeping is due now."""
    now = worker.clock.now()
    if daily_due(worker.config, worker.store, DIGEST, now) and worker.store.pending_mail():
        worker.flush(report)  # send what the deadline jobs queued first, so the digest tells how it went
    done = run_due(worker.config, worker.store, ReportWriter(worker.config), now)
    for name, note in done:
        report.jobs.append(name)
        log.info("Aufgabe %s: %s", name, note)


def run_due(config: Config, store: Store, writer: ReportWriter, now: datetime) -> list[tuple[str, str]]:
    jobs: list[tuple[str, Callable[[], str]]] = []
    if daily_due(config, store, PURGE, now):
        jobs.append((PURGE, lambda: _purge(config, store, now)))
    for planned in due_summaries(config, store, now):
        jobs.append((planned.name, functools.partial(_summary, config, store, writer, planned, now)))
    if daily_due(config, store, DIGEST, now):
        jobs.append((DIGEST, lambda: _digest(config, store, writer, now)))
    return [(name, note) for name, job in jobs if (note := _guarded(name, job))]


def _guarded(name: str, job: Callable[[], str]) -> str:
    """Run one report; a failure (a broken template, say) is logged and retried next cycle, while
    the worker goes on answering members."""
    try:
        return job()
    except Exception as exc:
        log.error(
            "Aufgabe %s fehlgeschlagen (%s: %s); nächster Versuch im nächsten Durchlauf",
            name,
            type(exc).__name__,
            exc,
        )
        log.debug("%s", traceback.format_exc())
        return ""


def daily_moment(config: Config, now: datetime) -> datetime:
    """Today's [digest].time, in the configured timezone."""
    local = now.astimezone(config.timezone)
    return datetime.combine(local.date(), config.digest.at, tzinfo=config.timezone)


def daily_due(config: Config, store: Store, job: str, now: datetime) -> bool:
    moment = daily_moment(config, now)
    last = store.job_run(job)
    return now >= moment and (last is None or last.done_at < moment)


# ---- the three jobs ---------------------------------------------------------------------------


def _purge(config: Config, store: Store, now: datetime) -> str:
    with store.transaction() as tx:
        plan = plan_purge(config, store, now)
        apply_purge(plan, tx)
        note = plan.note()
        tx.mark_job_done(JobRun(PURGE, now, note))
    return note


def _summary(
    config: Config, store: Store, writer: ReportWriter, planned: PlannedSummary, now: datetime
) -> str:
    with store.transaction() as tx:
        if store.job_done(planned.name):
            return "schon erledigt"
        note = planned.skip or _send_summary(config, store, tx, writer, planned, now)
        tx.mark_job_done(JobRun(planned.name, now, note))
    return note


def _send_summary(
    config: Config,
    store: Store,
    tx: Transaction,
    writer: ReportWriter,
    planned: PlannedSummary,
    now: datetime,
) -> str:
    recipients = config.people.spokespersons if config.people else ()
    if not recipients:
        return f"{SKIPPED}: keine Sprecher eingetragen ([people].spokespersons)"
    summary = collect_summary(store, planned, now)
    rendered = writer.summary(summary)
    csv = Attachment(
        f"teilnehmende-{planned.event.id}.csv", to_csv(summary.registered + summary.waitlisted), "text", "csv"
    )
    for address in recipients:
        purpose = f"summary:{planned.event.id}:{planned.which}:{address}"
        tx.queue_mail(writer.mail("summary", purpose, address, rendered, now, planned.event.id, (csv,)))
    return f"an {len(recipients)} Sprecher: {len(summary.registered)} angemeldet, {len(summary.waitlisted)} auf der Warteliste"


def _digest(config: Config, store: Store, writer: ReportWriter, now: datetime) -> str:
    with store.transaction() as tx:
        last = store.job_run(DIGEST)
        if not daily_due(config, store, DIGEST, now):
            return "schon erledigt"
        digest = collect(config, store, now, last.done_at if last else None)
        note = _send_digest(config, tx, writer, digest)
        tx.set_state(REPORTED_MAIL, failed_mail_ids(store))
        tx.mark_job_done(JobRun(DIGEST, now, note))
    return note


def _send_digest(config: Config, tx: Transaction, writer: ReportWriter, digest: Digest) -> str:
    recipients = config.people.staff if config.people else ()
    if not recipients:
        return "nicht gesendet: keine Empfänger ([people].staff)"
    if not digest.news and not config.digest.send_empty:
        return "nicht gesendet: nichts zu berichten"
    rendered = writer.digest(digest)
    day = digest.now.astimezone(config.timezone).date().isoformat()
    for address in recipients:
        tx.queue_mail(writer.mail("digest", f"digest:{day}:{address}", address, rendered, digest.now, None))
    return f"an {len(recipients)} Empfänger: {rendered.subject}"


# ---- rendering --------------------------------------------------------------------------------


class ReportWriter:
    """Renders the reports from templates/de/{digest,summary}.{txt,html}.j2 and builds their mails."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(default_templates_dir(config.path))),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(FILTERS)
        self.env.globals.update(chart=chart, sparkline=sparkline, status_de=status_de, kind_de=kind_de)

    def render(self, name: str, subject: str, context: dict[str, Any]) -> Rendered:
        context = {**context, "subject": subject, "association": self.config.association}
        text = self.env.get_template(f"de/{name}.txt.j2").render(context)
        html = self.env.get_template(f"de/{name}.html.j2").render(context)
        return Rendered(subject=subject, text=text, html=html)

    def digest(self, digest: Digest) -> Rendered:
        return self.render("digest", digest_subject(digest), {"d": digest})

    def summary(self, summary: Summary) -> Rendered:
        return self.render("summary", summary_subject(summary), {"s": summary})

    def mail(
        self,
        kind: str,
        purpose: str,
        to: str,
        rendered: Rendered,
        now: datetime,
        event: str | None,
        attachments: tuple[Attachment, ...] = (),
    ) -> OutgoingMail:
        smtp = self.config.require_smtp()
        message_id = make_message_id(purpose, self.config.message_id_domain)
        raw = build_message(
            sender=smtp.sender,
            to_email=to,
            to_name="",
            rendered=rendered,
            message_id=message_id,
            date=now,
            kind=kind,
            auto_submitted="auto-generated",
            attachments=attachments,
        )
        return OutgoingMail(
            id=message_id.strip("<>").split("@", 1)[0],
            purpose=purpose,
            kind=kind,
            to=to,
            status=MailStatus.QUEUED,
            created_at=now,
            raw=raw,
            message_id=message_id,
            subject=rendered.subject,
            event=event,
        )


def digest_subject(digest: Digest) -> str:
    new = sum(len(e.changed(RegStatus.REGISTERED)) for e in digest.events)
    gone = sum(len(e.changed(RegStatus.CANCELLED)) for e in digest.events)
    parts = [f"{new} neu angemeldet", f"{gone} abgemeldet", f"{len(digest.reviews)} zu prüfen"]
    problems = len(digest.bounces) + len(digest.failed)
    if problems:
        parts.append(f"{problems} Zustellproblem(e)")
    return f"Anmeldebot-Tagesbericht {dates.day(digest.now)}: " + ", ".join(parts)


def summary_subject(summary: Summary) -> str:
    when = "Anmeldeschluss" if summary.which == "deadline" else "kurz vor dem Treffen"
    return (
        f"Teilnehmerliste ({when}): {summary.event.title}, {dates.short_day(summary.event.starts)} – "
        f"{len(summary.registered)} angemeldet"
    )


def status_de(status: RegStatus | str | None) -> str:
    words = {
        "registered": "angemeldet",
        "waitlisted": "auf der Warteliste",
        "cancelled": "abgemeldet",
        "declined": "abgelehnt (zu spät)",
    }
    return words.get(str(status), "neu") if status else "neu"


KINDS_DE = {
    "confirmation": "Anmeldebestätigung",
    "cancellation": "Abmeldebestätigung",
    "access_data": "Zugangsdaten",
    "reminder": "Erinnerung",
    "review_ack": "Eingangsbestätigung",
    "waitlisted": "Wartelisten-Mitteilung",
    "late_declined": "Absage (zu spät)",
    "registered_others": "Bestätigung der angemeldeten Kollegen",
    "moved_up": "Nachrück-Mitteilung",
    "digest": "Tagesbericht",
    "summary": "Teilnehmerliste",
}


def kind_de(kind: str) -> str:
    """What staff call a kind of mail ("confirmation" -> "Anmeldebestätigung")."""
    return KINDS_DE.get(kind, kind)


def chart(curve: Sequence[tuple[date, int]]) -> list[dict[str, Any]]:
    """Bars for the HTML chart: one a day; heights in pixels (a zero day keeps a 1 px line)."""
    top = max((n for _d, n in curve), default=0) or 1
    return [
        {"label": f"{d.day}.{d.month}.", "value": n, "height": max(1, round(n * CHART_HEIGHT / top))}
        for d, n in curve
    ]


def sparkline(curve: Sequence[tuple[date, int]]) -> str:
    """'▁▂▄▆█ 1 → 9' for the plain-text part."""
    if not curve:
        return ""
    top = max(n for _d, n in curve) or 1
    bars = "".join(SPARKS[min(len(SPARKS) - 1, n * (len(SPARKS) - 1) // top)] for _d, n in curve)
    return f"{bars} {curve[0][1]} → {curve[-1][1]}"


def _fmt(pattern: str) -> Callable[[datetime], str]:
    def render(value: datetime) -> str:
        return value.strftime(pattern)

    return render


FILTERS: dict[str, Callable[..., str]] = {
    "when": _fmt("%d.%m.%Y %H:%M"),  # 09.06.2020 14:03
    "moment": dates.moment,  # Dienstag, 9. Juni 2020, 14:03 Uhr
    "day": dates.day,  # Dienstag, 9. Juni 2020
}
