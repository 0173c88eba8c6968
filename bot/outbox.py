"""The outbox: every mail is stored before it is sent, and sending only changes its status.

Statuses: queued -> sending -> sent, or retry (temporary failure, with backoff) or failed (permanent,
kept for staff). `sort_failure` is the one place that decides which failures are worth a retry.

Exactly once, and the choice we made: a mail is marked `sending` in the store's journal right before
the DATA command, and `sent` right after the server accepted it. If the worker dies before DATA, the
mail is still `queued`/`retry` and goes out on the next run. If it dies after DATA started but before
`sent` was written (a window of one server round trip), nobody can know whether the server took the
mail. We then choose *at most once*: such a mail becomes `in_doubt`, is never resent by itself, and
shows up for staff (digest, `status`), who can `resend` it. The same holds without a crash when the
connection breaks or times out during DATA with no answer from the server: the server may have
queued the mail just before, so it is `in_doubt` too (`sort_failure`). An SMTP *answer* during DATA
(4xx, 5xx) means the server did not take the mail, and it is retried or failed as usual. A member
never gets the same mail twice.

Retries: 1, 2, 4, ... minutes apart (at most 6 hours), `smtp.max_attempts` tries in all, then
`failed`. A failure to connect at all counts against no mail: they all wait for the next cycle.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from bot.clock import Clock
from bot.records import MailStatus, OutgoingMail
from bot.sender import SendFailure
from bot.store import OUTBOX, Store

log = logging.getLogger(__name__)


class Verdict(StrEnum):
    RETRY = "retry"
    PERMANENT = "permanent"
    IN_DOUBT = "in_doubt"


def sort_failure(failure: SendFailure) -> Verdict:
    """Temporary, permanent or in doubt: the only rule book for SMTP failures."""
    if failure.code == 0 and failure.stage == "data":
        # Silence after the message was handed over: the server may have accepted it (see above).
        return Verdict.IN_DOUBT
    if failure.code == 0:
        # No reply at all: connection refused, reset, timed out. The provider is down or throttling.
        return Verdict.RETRY
    if 400 <= failure.code < 500:
        # 421 (closing, often throttling at Microsoft and GMX), 450/451 (greylisting, busy),
        # 452 (quota, too many recipients this hour): all clear up by themselves.
        return Verdict.RETRY
    if failure.code == 530 or (failure.stage == "login" and failure.code in (535, 534)):
        # Authentication required or refused: our configuration, not the recipient. Keep the
        # mail and retry; staff see the error in `check` and the digest.
        return Verdict.RETRY
    # 5xx after RCPT or DATA: this recipient or this message will never be accepted.
    return Verdict.PERMANENT


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, at most 6 hours between tries."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


class SendSession(Protocol):
    """What flush needs from a sender (sender.Sender): a connect-once, send-many session."""

    async def send(
        self, envelope_from: str, to: str, raw: bytes, before_data: Callable[[], None]
    ) -> None: ...

    async def close(self) -> None: ...


SessionFactory = Callable[[], Awaitable[SendSession]]


@dataclass
class FlushReport:
    sent: list[str] = field(default_factory=list)  # purposes
    retry: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    in_doubt: list[str] = field(default_factory=list)
    error: str = ""  # why sending stopped early (no connection), if it did


def recover_in_doubt(store: Store, clock: Clock) -> list[str]:
    """Mail left `sending` by a worker that died: in doubt, never resent by itself."""
    found = [m for m in store.pending_mail() if m.status == MailStatus.SENDING]
    for mail in found:
        log.warning("mail in doubt after a crash: %s to %s", mail.kind, mail.to)
        store.note(OUTBOX, mail.purpose, status=MailStatus.IN_DOUBT, last_error="worker stopped during send")
    return [m.purpose for m in found]


def due_mail(store: Store, now: datetime) -> list[OutgoingMail]:
    return [
        m
        for m in store.pending_mail()
        if m.status in (MailStatus.QUEUED, MailStatus.RETRY)
        and (m.next_attempt_at is None or m.next_attempt_at <= now)
    ]


class RateLimit:
    """At most `per_minute` sends a minute, spaced evenly (providers that throttle count per minute)."""

    def __init__(self, per_minute: int, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.sleep = sleep
        self.next_at = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        loop = asyncio.get_running_loop()
        delay = self.next_at - loop.time()
        if delay > 0:
            await self.sleep(delay)
        self.next_at = max(self.next_at, loop.time()) + self.interval


async def flush(
    store: Store,
    connect: SessionFactory,
    clock: Clock,
    envelope_from: str,
    max_attempts: int,
    rate: RateLimit,
    limit: int | None = None,
    only: Collection[str] | None = None,
) -> FlushReport:
    """Send every due mail over one connection; record each outcome as it happens.

    `only`: just the mails with these purposes (a batch whose transaction has committed, while the
    next one may be queueing mails in a transaction not yet committed; see bot/sending.py).
    """
    report = FlushReport(in_doubt=recover_in_doubt(store, clock))
    mails = due_mail(store, clock.now())
    if only is not None:
        mails = [m for m in mails if m.purpose in only]
    if limit is not None:
        mails = mails[:limit]
    if not mails:
        return report
    try:
        session = await connect()
    except SendFailure as failure:
        report.error = str(failure)
        log.warning("cannot send now, %d mail(s) wait: %s", len(mails), failure)
        return report
    try:
        for mail in mails:
            await rate.wait()
            await _send_one(store, session, clock, envelope_from, max_attempts, mail, report)
    finally:
        await session.close()
        store.sync()
    return report


async def _send_one(
    store: Store,
    session: SendSession,
    clock: Clock,
    envelope_from: str,
    max_attempts: int,
    mail: OutgoingMail,
    report: FlushReport,
) -> None:
    attempts = mail.attempts + 1

    def mark_sending() -> None:
        store.note(OUTBOX, mail.purpose, status=MailStatus.SENDING, attempts=attempts)

    try:
        await session.send(envelope_from, mail.to, mail.raw.encode("utf-8"), mark_sending)
    except SendFailure as failure:
        _record_failure(store, clock, max_attempts, mail, attempts, failure, report)
        return
    store.note(
        OUTBOX, mail.purpose, status=MailStatus.SENT, sent_at=clock.now(), attempts=attempts, last_error=""
    )
    report.sent.append(mail.purpose)
    log.info("sent %s to %s (%s)", mail.kind, mail.to, mail.message_id)


def _record_failure(
    store: Store,
    clock: Clock,
    max_attempts: int,
    mail: OutgoingMail,
    attempts: int,
    failure: SendFailure,
    report: FlushReport,
) -> None:
    verdict = sort_failure(failure)
    if verdict is Verdict.IN_DOUBT:
        store.note(
            OUTBOX, mail.purpose, status=MailStatus.IN_DOUBT, attempts=attempts, last_error=str(failure)
        )
        report.in_doubt.append(mail.purpose)
        log.error("%s to %s in doubt, not resent by itself: %s", mail.kind, mail.to, failure)
    elif verdict is Verdict.RETRY and attempts < max_attempts:
        next_at = clock.now() + backoff(attempts)
        store.note(
            OUTBOX,
            mail.purpose,
            status=MailStatus.RETRY,
            attempts=attempts,
            next_attempt_at=next_at,
            last_error=str(failure),
        )
        report.retry.append(mail.purpose)
        log.warning("will retry %s to %s at %s: %s", mail.kind, mail.to, next_at.isoformat(), failure)
    else:
        store.note(OUTBOX, mail.purpose, status=MailStatus.FAILED, attempts=attempts, last_error=str(failure))
        report.failed.append(mail.purpose)
        log.error("gave up on %s to %s: %s", mail.kind, mail.to, failure)


KIND_HEADER = re.compile(rb"^X-Anmeldebot-Kind:[ \t]*([\w.-]+)", re.IGNORECASE | re.MULTILINE)
UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9@._+-]+")


@dataclass
class EmlFolder:
    """A send session for dry runs: each mail becomes DIR/NN-kind-recipient.eml instead of being sent.

    Numbered in the order the mails would have gone out, across every flush of the run; a second
    dry run overwrites the files of the first with the same names.
    """

    folder: Path
    written: list[Path] = field(default_factory=list)

    async def connect(self) -> SendSession:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    async def send(self, envelope_from: str, to: str, raw: bytes, before_data: Callable[[], None]) -> None:
        before_data()
        match = KIND_HEADER.search(raw.split(b"\r\n\r\n", 1)[0])
        kind = match.group(1).decode() if match else "mail"
        name = UNSAFE_IN_NAME.sub("_", f"{len(self.written) + 1:02d}-{kind}-{to}")
        path = self.folder / f"{name}.eml"
        path.write_bytes(raw)
        self.written.append(path)

    async def close(self) -> None:
        return None
