"""One cycle of the worker, its steps written down in order in `CYCLE`.

    finish_marks   mail handled in an earlier cycle but not yet flagged/moved on the server
    ingest         new mail, in batches: fetch -> classify -> plan -> store -> send -> mark
    run_jobs       deadlines whose time has come (access data, reminders, ...)
    run_reports    purge, attendee summaries and the daily digest, when due (reports.py)
    flush          whatever mail is still due (retries)

Crash safety, step by step (a SIGKILL can land anywhere):
* after fetch, before the store commit: nothing was recorded, `last_uid` did not move; the next cycle
  fetches the same mail again and handles it once.
* after the commit, before sending: the mails are `queued` in the store and go out next cycle.
* during sending: each mail's status is journaled as it goes (outbox.py): none goes twice.
* after sending, before marking: the handled messages are listed as unmarked; `finish_marks` flags
  and moves them next cycle. They are not handled again: their keys are recorded.
One message that cannot be handled (an exception, a time-out) is recorded for staff with the error
and moved to the review folder; the loop goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.actions import Plan, Planner, apply, header_bytes, message_key
from bot.classify import Classifier, Reading
from bot.clock import Clock
from bot.compose import Templates, default_templates_dir
from bot.config import Config, MailboxConfig
from bot.jobs import due_jobs
from bot.mailbox import FetchedMail, Mailbox
from bot.mails import MailFactory
from bot.outbox import FlushReport, RateLimit, SessionFactory, flush
from bot.parse import NotAMessage, is_message, parse
from bot.records import MailboxState, MessageRecord, Outcome, OutgoingMail
from bot.reports import run_reports
from bot.sender import Sender
from bot.sending import BackgroundSender, SendSettings
from bot.store import MESSAGES, Store, Transaction

log = logging.getLogger("bot.worker")

MESSAGE_TIME_CAP = 20.0  # seconds one message may take to classify; more means a hostile mail


class MessageTimeout(Exception):
    pass


@contextlib.contextmanager
def time_cap(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work that takes too long (main thread only; elsewhere no cap)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise MessageTimeout(f"more than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class Described:
    """A plan as the report keeps it: its description only, not the records and rendered mails
    (10,000 of those would be a third of the worker's memory at the end of a big cycle)."""

    text: str

    def describe(self) -> str:
        return self.text


@dataclass
class CycleReport:
    fetched: int = 0
    handled: int = 0
    review: int = 0
    ignored: int = 0
    duplicates: int = 0
    errors: int = 0
    marked: int = 0
    jobs: list[str] = field(default_factory=list)
    sent: int = 0
    retry: int = 0
    failed: int = 0
    in_doubt: int = 0
    send_error: str = ""
    plans: list[Described] = field(default_factory=list)  # what was done, mail by mail

    def add_flush(self, report: FlushReport) -> None:
        self.sent += len(report.sent)
        self.retry += len(report.retry)
        self.failed += len(report.failed)
        self.in_doubt += len(report.in_doubt)
        self.send_error = report.error or self.send_error

    @property
    def idle(self) -> bool:
        return not (
            self.fetched
            or self.marked
            or self.jobs
            or self.sent
            or self.retry
            or self.failed
            or self.in_doubt
        )

    def summary(self) -> str:
        return (
            f"{self.fetched} neue Mail(s): {self.handled} erledigt, {self.review} zur Prüfung, "
            f"{self.ignored} ohne Antwort, {self.duplicates} doppelt, {self.errors} Fehler; "
            f"{self.sent} Mail(s) gesendet, {self.retry} später erneut, {self.failed} fehlgeschlagen"
            + (f"; Aufgaben: {', '.join(self.jobs)}" if self.jobs else "")
        )


@dataclass
class Worker:
    """Everything a cycle needs, built once: config, store, clock, secrets."""

    config: Config
    store: Store
    clock: Clock
    environ: Mapping[str, str]
    mailbox_factory: Callable[[MailboxConfig, str], Mailbox] = Mailbox
    session_factory: SessionFactory | None = None  # how mail leaves; default SMTP (dry run: files)
    mailbox: Mailbox | None = None

    def __post_init__(self) -> None:
        self.classifier = Classifier.build(self.config)
        templates = Templates(default_templates_dir(self.config.path))
        self.mails = MailFactory(self.config, templates, lambda s: self.config.secret(s, self.environ))
        self.planner = Planner(self.config, self.store, self.mails)
        smtp = self.config.require_smtp()
        self.rate = RateLimit(smtp.rate_per_minute)

    # ---- connections -------------------------------------------------------------------------

    def connect(self) -> Mailbox:
        if self.mailbox is None:
            config = self.config.require_mailbox()
            password = self.config.secret(config.password, self.environ)
            mailbox = self.mailbox_factory(config, password)
            mailbox.open()
            self.mailbox = mailbox
        return self.mailbox

    def disconnect(self) -> None:
        if self.mailbox is not None:
            self.mailbox.close()
            self.mailbox = None

    async def _sender(self) -> Sender:
        smtp = self.config.require_smtp()
        password = self.config.secret(smtp.password, self.environ) if smtp.username else None
        sender = Sender(smtp, password)
        await sender.connect()
        return sender

    @contextlib.contextmanager
    def sending_ahead(self, report: CycleReport) -> Iterator[BackgroundSender]:
        """A thread that sends committed mails while this one goes on (bot/sending.py)."""
        smtp = self.config.require_smtp()
        settings = SendSettings(
            self.store,
            self.session_factory or self._sender,
            self.clock,
            smtp.sender_email,
            smtp.max_attempts,
            self.rate,
        )
        sender = BackgroundSender(settings, lambda sent: log.debug("stage=sent count=%d", len(sent.sent)))
        sender.start()
        try:
            yield sender
        finally:
            for result in sender.finish():
                report.add_flush(result)

    def flush(self, report: CycleReport) -> None:
        smtp = self.config.require_smtp()
        result = asyncio.run(
            flush(
                self.store,
                self.session_factory or self._sender,
                self.clock,
                smtp.sender_email,
                smtp.max_attempts,
                self.rate,
            )
        )
        report.add_flush(result)

    # ---- the cycle -----------------------------------------------------------------------------

    def cycle(self) -> CycleReport:
        report = CycleReport()
        for step in CYCLE:
            step(self, report)
        if not report.idle:
            log.info("Durchlauf: %s", report.summary())
        return report


def finish_marks(worker: Worker, report: CycleReport) -> None:
    pending = worker.store.unmarked_messages()
    if pending:
        _mark(worker, pending, report)


def _mark(worker: Worker, pending: list[MessageRecord], report: CycleReport) -> None:
    """Flag and move handled messages on the server, then note them as marked."""
    mailbox = worker.connect()
    config = worker.config.require_mailbox()
    status = mailbox.select(config.folder)
    by_target: dict[str, list[MessageRecord]] = {}
    for rec in pending:
        by_target.setdefault(rec.target_folder, []).append(rec)
    for target, recs in by_target.items():
        uids = _current_uids(mailbox, recs, status.uidvalidity)
        mailbox.mark(uids, config.flag, target)
        worker.store.note_many(MESSAGES, (rec.key for rec in recs), marked=True)
        report.marked += len(recs)
    worker.store.sync()


def _current_uids(mailbox: Mailbox, recs: list[MessageRecord], uidvalidity: int) -> list[int]:
    uids: list[int] = []
    for rec in recs:
        if rec.uidvalidity == uidvalidity:
            uids.append(rec.uid)
        elif rec.message_id:
            # UIDs changed under us: find the mail by its Message-ID.
            uids.extend(mailbox.search_message_id(rec.message_id))
    return uids


def ingest(worker: Worker, report: CycleReport) -> None:
    config = worker.config.require_mailbox()
    mailbox = worker.connect()
    status = mailbox.select(config.folder)
    state = worker.store.mailbox_state(config.folder)
    if state.uidvalidity and state.uidvalidity != status.uidvalidity:
        uids = _uids_after_validity_change(worker, mailbox, state, status.uidvalidity)
        last_uid = 0
    else:
        last_uid = state.last_uid
        uids = mailbox.uids_after(last_uid)
    if not uids:
        if state.uidvalidity != status.uidvalidity:
            with worker.store.transaction() as tx:
                tx.set_mailbox_state(MailboxState(config.folder, status.uidvalidity, last_uid))
        return
    # Pipelined, one batch deep: while a second thread sends the mails of batch k, this one reads and
    # plans batch k+1. Batch k is flagged and moved once its mails are out, as without the thread.
    with worker.sending_ahead(report) as sending:
        sent_before: list[MessageRecord] = []
        for start in range(0, len(uids), config.batch_size):
            batch = uids[start : start + config.batch_size]
            records, ticket = _handle_batch(worker, mailbox, batch, status.uidvalidity, report, sending)
            sending.wait(ticket - 1)
            _mark_batch(worker, sent_before, report, sending)
            sent_before = records
        sending.wait()
        _mark_batch(worker, sent_before, report, sending)


def _uids_after_validity_change(
    worker: Worker, mailbox: Mailbox, state: MailboxState, uidvalidity: int
) -> list[int]:
    """The folder was rebuilt: every UID is new, but most mail is not. Recognise it by its header."""
    log.warning(
        "UIDVALIDITY changed (%s -> %s): checking the folder by Message-ID", state.uidvalidity, uidvalidity
    )
    uids = mailbox.all_uids()
    headers = mailbox.fetch_headers(uids)
    fresh = []
    seen_before: dict[str, list[int]] = {}
    for uid in uids:
        head = headers.get(uid, b"")
        record = worker.store.message(message_key(parse(head).message_id, header_bytes(head)))
        if record is None:
            fresh.append(uid)
        else:
            seen_before.setdefault(record.target_folder, []).append(uid)
    config = worker.config.require_mailbox()
    for target, known in seen_before.items():
        # Handled before the rebuild: file them where they were, and never answer them again.
        mailbox.mark(known, config.flag, target)
    return fresh


def _handle_batch(
    worker: Worker,
    mailbox: Mailbox,
    uids: list[int],
    uidvalidity: int,
    report: CycleReport,
    sending: BackgroundSender,
) -> tuple[list[MessageRecord], int]:
    """Fetch, read, plan and commit a batch, and hand its mails to the sender. Marking is the caller's."""
    config = worker.config.require_mailbox()
    now = worker.clock.now()
    seen: set[str] = set()
    fetched = list(mailbox.fetch(uids))
    report.fetched += len(fetched)
    with sending.quiet():
        log.debug("stage=fetched count=%d", len(fetched))
    # Reading is pure and may be slow: done before the store is locked.
    readings = [_read_one(worker, item, config.folder, uidvalidity, now, seen, report) for item in fetched]
    with sending.quiet():
        log.debug("stage=classified count=%d", len(readings))
    # Planning reads the store (is the event full? who is registered?), so each mail is planned and
    # applied in turn inside one transaction: the third registration sees the first two.
    plans: list[Plan] = []
    with worker.store.transaction() as tx:
        for item, outcome in zip(fetched, readings, strict=True):
            plan = _plan_one(worker, item, outcome, uidvalidity, now, report)
            apply(plan, tx)
            plans.append(plan)
        tx.set_mailbox_state(MailboxState(config.folder, uidvalidity, max(uids)))
    with sending.quiet():
        log.debug("stage=stored count=%d", len(plans))
    ticket = sending.submit([mail.purpose for plan in plans for mail in plan.mails])
    report.plans.extend(Described(plan.describe()) for plan in plans)
    return [plan.record for plan in plans], ticket


def _mark_batch(
    worker: Worker, records: list[MessageRecord], report: CycleReport, sending: BackgroundSender
) -> None:
    if records:
        _mark(worker, records, report)
        with sending.quiet():
            log.debug("stage=marked")


@dataclass
class _Read:
    """One fetched mail after reading: a classification to plan, or a plan already (duplicate, error)."""

    key: str = ""
    reading: Reading | None = None
    plan: Plan | None = None


def _read_one(
    worker: Worker,
    item: FetchedMail,
    folder: str,
    uidvalidity: int,
    now: datetime,
    seen: set[str],
    report: CycleReport,
) -> _Read:
    config = worker.config.require_mailbox()
    try:
        with time_cap(MESSAGE_TIME_CAP):
            mail = parse(item.raw)
            if not is_message(mail):
                raise NotAMessage("keine lesbare E-Mail (keine Kopfzeilen)")
            key = message_key(mail.message_id, header_bytes(item.raw))
            if key in seen or worker.store.has_message(key):
                report.duplicates += 1
                return _Read(plan=_duplicate(key, item, folder, uidvalidity, now, config.done_folder))
            seen.add(key)
            return _Read(key, worker.classifier.classify(mail, now, worker.store.event_of_message))
    except Exception as exc:
        return _Read(plan=_failed(item, folder, uidvalidity, now, config.review_folder, exc, report))


def _plan_one(
    worker: Worker, item: FetchedMail, read: _Read, uidvalidity: int, now: datetime, report: CycleReport
) -> Plan:
    if read.plan is not None:
        return read.plan
    config = worker.config.require_mailbox()
    assert read.reading is not None
    try:
        plan = worker.planner.plan_for(read.reading, read.key, config.folder, item.uid, uidvalidity, now)
    except Exception as exc:
        return _failed(item, config.folder, uidvalidity, now, config.review_folder, exc, report)
    _count(report, plan)
    log.info("%s (%s): %s", plan.record.sender or plan.record.key, plan.record.intent, "; ".join(plan.steps))
    return plan


def _failed(
    item: FetchedMail,
    folder: str,
    uidvalidity: int,
    now: datetime,
    target: str,
    exc: Exception,
    report: CycleReport,
) -> Plan:
    report.errors += 1
    log.error("uid %s: cannot handle this mail (%s); set aside for staff", item.uid, exc)
    log.debug("%s", traceback.format_exc())
    return _shunted(item, folder, uidvalidity, now, target, exc)


def _count(report: CycleReport, plan: Plan) -> None:
    outcome = plan.record.outcome
    if outcome is Outcome.REVIEW:
        report.review += 1
    elif outcome is Outcome.IGNORED:
        report.ignored += 1
    else:
        report.handled += 1


def _duplicate(
    key: str, item: FetchedMail, folder: str, uidvalidity: int, now: datetime, target: str
) -> Plan:
    record = MessageRecord(
        key=f"{key}#uid{item.uid}.{uidvalidity}",
        message_id="",
        folder=folder,
        uid=item.uid,
        uidvalidity=uidvalidity,
        handled_at=now,
        outcome=Outcome.DUPLICATE,
        reasons=[f"dieselbe Nachricht wie {key}"],
        target_folder=target,
    )
    return Plan(record, steps=["schon bearbeitet (gleiche Message-ID)"])


def _shunted(
    item: FetchedMail, folder: str, uidvalidity: int, now: datetime, target: str, exc: Exception
) -> Plan:
    key = message_key(None, header_bytes(item.raw) + f"#{uidvalidity}.{item.uid}".encode())
    record = MessageRecord(
        key=key,
        message_id="",
        folder=folder,
        uid=item.uid,
        uidvalidity=uidvalidity,
        handled_at=now,
        outcome=Outcome.REVIEW,
        review_open=True,
        error=f"{type(exc).__name__}: {exc}"[:500],
        reasons=["konnte nicht gelesen werden"],
        target_folder=target,
    )
    return Plan(record, steps=["zur Prüfung beiseitegelegt (Fehler)"])


def run_jobs(worker: Worker, report: CycleReport) -> None:
    now = worker.clock.now()
    jobs = due_jobs(worker.config, worker.store, now)
    if not jobs:
        return
    batch = worker.config.require_mailbox().batch_size
    with worker.sending_ahead(report) as sending:
        with worker.store.transaction():
            tx = _CommitEvery(worker.store, batch, sending)
            for job in jobs:
                job.run(worker.store, tx, worker.mails, now)
                report.jobs.append(job.name)
                log.info("Aufgabe %s: %s", job.name, job.describe())
        tx.send_rest()


class _CommitEvery(Transaction):
    """A deadline job's transaction, committed every `size` queued mails, which then go out.

    So the access data for 5,000 people start to leave while the rest are still being written.
    Safe to commit in parts: every mail is keyed by its purpose and a job is recorded as done only
    at its end, so a job cut short by a crash runs again and queues only the mails still missing.
    """

    def __init__(self, store: Store, size: int, sending: BackgroundSender) -> None:
        super().__init__(store)
        self.size = size
        self.sending = sending
        self.queued: list[str] = []

    def queue_mail(self, mail: OutgoingMail) -> bool:
        if not super().queue_mail(mail):
            return False
        self.queued.append(mail.purpose)
        if len(self.queued) >= self.size:
            self.store.checkpoint()
            self.send_rest()
        return True

    def send_rest(self) -> None:
        """Hand over what is queued (and committed: call after the transaction or a checkpoint)."""
        queued, self.queued = self.queued, []
        ticket = self.sending.submit(queued)
        self.sending.wait(ticket - 2)  # two parts ahead of the sender at most: memory stays bounded


def final_flush(worker: Worker, report: CycleReport) -> None:
    if worker.store.pending_mail():
        worker.flush(report)


CYCLE: tuple[Callable[[Worker, CycleReport], None], ...] = (
    finish_marks,
    ingest,
    run_jobs,
    run_reports,  # after the deadline jobs, so that the digest can tell of them
    final_flush,
)
