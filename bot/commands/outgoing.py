"""What the staff commands that write mail share: the mail factory, printing, sending right away.

A command queues its mails in the store like the worker does (same purposes, same outbox). It then
sends them itself only when no worker runs: it takes the worker lock for the flush, so two
processes never send from the outbox at once. Otherwise the running worker sends them within its
next cycle, and the command says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.compose import Templates, default_templates_dir
from bot.errors import LockedError, UsageError
from bot.lock import worker_lock
from bot.mails import MailFactory
from bot.samples import check_templates
from bot.staff import Result
from bot.store import Store
from bot.worker import CycleReport, Worker

if TYPE_CHECKING:
    from bot.cli import Invocation


def mail_factory(inv: Invocation) -> MailFactory:
    config = inv.config
    templates = Templates(default_templates_dir(config.path))
    factory = MailFactory(config, templates, lambda secret: config.secret(secret, inv.env.environ))
    check_templates(factory)  # a template that cannot be filled stops the command before it writes
    return factory


def reason_arg(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise UsageError("--reason darf nicht leer sein (es steht in der Historie der Anmeldung)")
    return reason[:300]


def show(inv: Invocation, result: Result) -> None:
    for line in result.lines:
        inv.env.out(line)


def send_queued(inv: Invocation, store: Store, result: Result) -> None:
    """Send what the command queued now, or leave it to the running worker."""
    if not result.queued:
        return
    try:
        with worker_lock(store.path):
            report = CycleReport()
            Worker(inv.config, store, inv.clock, inv.env.environ).flush(report)
    except LockedError:
        inv.env.out(f"Der laufende Worker sendet {len(result.queued)} Mail(s) mit seinem nächsten Durchlauf.")
        return
    if report.send_error:
        inv.env.err(
            f"anmeldebot: Versand gerade nicht möglich ({report.send_error}); "
            "die Mail(s) bleiben gespeichert, der Worker versucht es erneut"
        )
        return
    inv.env.out(
        f"{report.sent} Mail(s) gesendet" + (f", {report.failed} fehlgeschlagen" if report.failed else "")
    )
