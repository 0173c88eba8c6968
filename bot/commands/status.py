"""`anmeldebot status`: events and counts, the jobs to come, the last activity, mailbox and sending.

Reads the store only; `check` is the command that talks to the servers.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from bot import reviews
from bot.commands import CommandSpec
from bot.commands.common import open_store
from bot.config import Config, Event
from bot.digest import job_label, upcoming
from bot.jobs import due_jobs
from bot.lock import running_worker
from bot.records import MailStatus, RegStatus
from bot.reports import DIGEST, PURGE, daily_due, daily_moment
from bot.store import Store
from bot.summary import due_summaries

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options of its own


def run(inv: Invocation) -> int:
    config = inv.config
    now = inv.clock.now()
    console = Console(file=inv.env.stdout, width=120)
    with open_store(inv) as store:
        console.print(_worker_line(config, store, now))
        console.print(_events(config, store, now))
        console.print(_timetable(config, store, now))
        console.print(_health(config, store))
    return 0


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d.%m.%Y %H:%M") if moment else "–"


def _worker_line(config: Config, store: Store, now: datetime) -> Text:
    pid = running_worker(store.path)
    state = f"Worker läuft (pid {pid})" if pid else "Worker läuft nicht"
    last = _last_activity(store)
    line = Text(f"{state} · letzte Aktivität: {_when(last)} · Stand: {_when(now)}")
    line.stylize("green" if pid else "yellow", 0, len(state))
    return line


def _last_activity(store: Store) -> datetime | None:
    moments = [r.handled_at for r in store.messages()]
    moments += [m.sent_at for m in store.outbox() if m.sent_at is not None]
    moments += [r.done_at for r in store.job_runs()]
    return max(moments, default=None)


def _events(config: Config, store: Store, now: datetime) -> Table:
    table = Table(title="Treffen")
    for column in ("Treffen", "Beginn", "Anmeldeschluss", "angemeldet", "Warteliste", "abgemeldet"):
        table.add_column(column)
    for event in config.events:
        registered = store.count(event.id, RegStatus.REGISTERED)
        title = event.id + (" (vorbei)" if event.ends < now else "")
        table.add_row(
            Text(title),
            _when(event.starts),
            _when(event.registration_deadline),
            _fill(event, registered),
            str(store.count(event.id, RegStatus.WAITLISTED)),
            str(store.count(event.id, RegStatus.CANCELLED)),
        )
    return table


def _fill(event: Event, registered: int) -> Text | Group:
    if event.capacity is None:
        return Text(str(registered))
    bar = ProgressBar(total=event.capacity, completed=min(registered, event.capacity), width=20)
    return Group(Text(f"{registered} von {event.capacity}"), bar)


def _timetable(config: Config, store: Store, now: datetime) -> Table:
    # Cells are Text, not markup: notes and titles may hold brackets such as "[people].staff".
    table = Table(title="Aufgaben")
    for column in ("wann", "was", "Stand"):
        table.add_column(column)
    for job in due_jobs(config, store, now):
        table.add_row(_when(job.at), Text(job_label(job.name)), "fällig: beim nächsten Durchlauf")
    for summary in due_summaries(config, store, now):
        table.add_row(_when(summary.at), Text(job_label(summary.name)), "fällig: beim nächsten Durchlauf")
    for name, what in (
        (PURGE, "Löschung nach Aufbewahrungsfrist"),
        (DIGEST, "Tagesbericht an die Geschäftsstelle"),
    ):
        table.add_row(*_daily(config, store, now, name, what))
    for line in upcoming(config, store, now):
        table.add_row(_when(line.at), Text(f"{line.text}\n{line.detail}"), "geplant")
    return table


def _daily(config: Config, store: Store, now: datetime, job: str, what: str) -> tuple[str, str, Text]:
    moment = daily_moment(config, now)
    if daily_due(config, store, job, now):
        return _when(moment), what, Text("fällig: beim nächsten Durchlauf")
    nxt = moment if now < moment else moment + timedelta(days=1)
    last = store.job_run(job)
    done = f"zuletzt {_when(last.done_at)}: {last.note}" if last else "noch nie"
    return _when(nxt), what, Text(done)


def _health(config: Config, store: Store) -> Table:
    table = Table(title="Postfach und Versand", show_header=False)
    table.add_column("")
    table.add_column("")
    if config.mailbox is not None:
        state = store.mailbox_state(config.mailbox.folder)
        where = f"{config.mailbox.username} · {config.mailbox.folder} · letzte UID {state.last_uid}"
        table.add_row("Postfach", Text(where))
    table.add_row("Zu prüfen", f"{len(reviews.open_reviews(store))} Mail(s) (anmeldebot review)")
    counts = {status: len(store.outbox(frozenset({status.value}))) for status in MailStatus}
    table.add_row(
        "Versand",
        ", ".join(f"{counts[s]} {label}" for s, label in _STATUS_LABELS if counts[s] or s is MailStatus.SENT),
    )
    retry = [m for m in store.pending_mail() if m.status is MailStatus.RETRY]
    if retry:
        table.add_row("Letzter Fehler", Text(retry[-1].last_error, style="red"))
    return table


_STATUS_LABELS = (
    (MailStatus.SENT, "gesendet"),
    (MailStatus.QUEUED, "wartend"),
    (MailStatus.RETRY, "mit neuem Versuch"),
    (MailStatus.FAILED, "fehlgeschlagen"),
    (MailStatus.IN_DOUBT, "unklar (Abbruch beim Senden)"),
    (MailStatus.SENDING, "im Versand"),
)


SPEC = CommandSpec("status", "events, counts, jobs to come, mailbox and sending at a glance", arguments, run)
