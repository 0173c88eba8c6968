"""The outbox without a server: failures sorted, retried with backoff, failed for staff, in doubt.

A scripted session stands in for SMTP here; tests/test_mail_kinds.py does the same against the real
local server with injected 421/451/550 answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.outbox import (
    EmlFolder,
    RateLimit,
    SendSession,
    Verdict,
    backoff,
    due_mail,
    flush,
    sort_failure,
)
from bot.records import MailStatus, OutgoingMail
from bot.sender import SendFailure
from bot.store import OUTBOX, Store

T0 = datetime(2020, 6, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("failure", "verdict"),
    [
        (SendFailure("connect", 0, "connection refused"), Verdict.RETRY),
        (SendFailure("mail", 0, "timed out"), Verdict.RETRY),
        (SendFailure("rcpt", 421, "closing channel", disconnected=True), Verdict.RETRY),
        (SendFailure("rcpt", 450, "greylisted"), Verdict.RETRY),
        (SendFailure("mail", 451, "try again later"), Verdict.RETRY),
        (SendFailure("data", 452, "quota"), Verdict.RETRY),
        (SendFailure("data", 421, "closing channel", disconnected=True), Verdict.RETRY),
        (SendFailure("login", 535, "bad password"), Verdict.RETRY),
        (SendFailure("mail", 530, "authentication required"), Verdict.RETRY),
        (SendFailure("rcpt", 550, "no such user"), Verdict.PERMANENT),
        (SendFailure("rcpt", 553, "mailbox name not allowed"), Verdict.PERMANENT),
        (SendFailure("data", 554, "spam"), Verdict.PERMANENT),
        (SendFailure("data", 0, "connection lost", disconnected=True), Verdict.IN_DOUBT),
        (SendFailure("data", 0, "timed out", disconnected=True), Verdict.IN_DOUBT),
    ],
)
def test_sort_failure(failure: SendFailure, verdict: Verdict) -> None:
    assert sort_failure(failure) is verdict


def test_backoff_doubles_from_a_minute_up_to_six_hours() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(20) == timedelta(hours=6)


# ---- flush with a scripted server ---------------------------------------------------------------


@dataclass
class Clock:
    at: datetime = T0

    def now(self) -> datetime:
        return self.at


Outcome = SendFailure | None  # None: accepted


@dataclass
class Script:
    """Answers each send with the next outcome for its recipient (accepting when the script ends)."""

    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    accepted: list[str] = field(default_factory=list)
    connects: int = 0
    refuse_connect: bool = False

    async def connect(self) -> SendSession:
        self.connects += 1
        if self.refuse_connect:
            raise SendFailure("connect", 0, "connection refused")
        return self

    async def send(self, envelope_from: str, to: str, raw: bytes, before_data: Callable[[], None]) -> None:
        outcome = self.outcomes.get(to, []).pop(0) if self.outcomes.get(to) else None
        if outcome is not None and outcome.stage == "data":
            before_data()
        if outcome is not None:
            raise outcome
        before_data()
        self.accepted.append(to)

    async def close(self) -> None:
        return None


def outgoing(to: str, kind: str = "confirmation") -> OutgoingMail:
    raw = f"From: info@b-b-e.de\r\nTo: {to}\r\nX-Anmeldebot-Kind: {kind}\r\nSubject: x\r\n\r\nHallo\r\n"
    return OutgoingMail(
        id=to,
        purpose=f"{kind}:ev:{to}",
        kind=kind,
        to=to,
        status=MailStatus.QUEUED,
        created_at=T0,
        raw=raw,
        message_id=f"<{to}@b-b-e.de>",
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.json")


def queue(store: Store, *recipients: str) -> None:
    with store.transaction() as tx:
        for to in recipients:
            tx.queue_mail(outgoing(to))


def status(store: Store, to: str) -> OutgoingMail:
    mail = store.mail(f"confirmation:ev:{to}")
    assert mail is not None
    return mail


def run(store: Store, script: Script, clock: Clock, max_attempts: int = 3) -> None:
    asyncio.run(flush(store, script.connect, clock, "info@b-b-e.de", max_attempts, RateLimit(0)))


def test_a_temporary_failure_is_retried_after_backoff_and_then_sent_once(store: Store) -> None:
    queue(store, "anna@x.de", "bernd@x.de")
    script = Script({"anna@x.de": [SendFailure("rcpt", 451, "later"), SendFailure("mail", 421, "busy")]})
    clock = Clock()

    run(store, script, clock)
    assert script.accepted == ["bernd@x.de"]
    anna = status(store, "anna@x.de")
    assert (anna.status, anna.attempts, anna.next_attempt_at) == (
        MailStatus.RETRY,
        1,
        T0 + timedelta(minutes=1),
    )
    assert "451" in anna.last_error

    clock.at = T0 + timedelta(seconds=59)
    assert due_mail(store, clock.at) == []
    run(store, script, clock)
    assert script.accepted == ["bernd@x.de"], "not before its time"

    clock.at = T0 + timedelta(minutes=1)
    run(store, script, clock)
    assert status(store, "anna@x.de").next_attempt_at == clock.at + timedelta(minutes=2)
    clock.at += timedelta(minutes=2)
    run(store, script, clock)
    run(store, script, clock)
    assert script.accepted == ["bernd@x.de", "anna@x.de"]
    assert (status(store, "anna@x.de").status, status(store, "anna@x.de").attempts) == (MailStatus.SENT, 3)


def test_a_permanent_failure_is_kept_failed_for_staff_and_never_retried(store: Store) -> None:
    queue(store, "nobody@x.de")
    script = Script({"nobody@x.de": [SendFailure("rcpt", 550, "5.1.1 no such user")]})
    run(store, script, Clock())
    mail = status(store, "nobody@x.de")
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 1)
    assert "550 5.1.1 no such user" in mail.last_error and mail.raw, "kept whole for staff to resend"
    assert [m.purpose for m in store.outbox(frozenset({MailStatus.FAILED.value}))] == [mail.purpose]
    run(store, script, Clock(T0 + timedelta(days=1)))
    assert script.accepted == []


def test_temporary_failures_give_up_after_max_attempts(store: Store) -> None:
    queue(store, "anna@x.de")
    script = Script({"anna@x.de": [SendFailure("rcpt", 451, "later")] * 5})
    clock = Clock()
    for _ in range(3):
        run(store, script, clock, max_attempts=3)
        clock.at += timedelta(hours=1)
    assert (status(store, "anna@x.de").status, status(store, "anna@x.de").attempts) == (MailStatus.FAILED, 3)


def test_no_connection_counts_against_no_mail(store: Store) -> None:
    queue(store, "anna@x.de")
    run(store, Script(refuse_connect=True), Clock())
    mail = status(store, "anna@x.de")
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 0)


def test_silence_during_data_leaves_the_mail_in_doubt_never_resent(store: Store) -> None:
    queue(store, "anna@x.de")
    script = Script({"anna@x.de": [SendFailure("data", 0, "timed out", disconnected=True)]})
    run(store, script, Clock())
    assert status(store, "anna@x.de").status is MailStatus.IN_DOUBT
    run(store, script, Clock(T0 + timedelta(days=1)))
    assert script.accepted == [] and script.connects == 1


def test_a_mail_left_sending_by_a_dead_worker_is_in_doubt(store: Store) -> None:
    queue(store, "anna@x.de")
    store.note(OUTBOX, "confirmation:ev:anna@x.de", status=MailStatus.SENDING, attempts=1)
    script = Script()
    run(store, script, Clock())
    assert status(store, "anna@x.de").status is MailStatus.IN_DOUBT
    assert script.accepted == []


def test_one_connection_serves_every_due_mail(store: Store) -> None:
    queue(store, "a@x.de", "b@x.de", "c@x.de")
    script = Script()
    run(store, script, Clock())
    assert script.accepted == ["a@x.de", "b@x.de", "c@x.de"] and script.connects == 1


# ---- the rate limit ------------------------------------------------------------------------------


def test_the_rate_limit_spaces_mails_evenly() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:  # records instead of waiting; the loop clock stands
        slept.append(seconds)

    async def five() -> None:
        rate = RateLimit(60, sleep)
        for _ in range(5):
            await rate.wait()

    asyncio.run(five())
    assert len(slept) == 4
    assert [round(s) for s in slept] == [1, 2, 3, 4], "mail n leaves (n-1) seconds after the first"


def test_no_rate_limit_never_sleeps() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def many() -> None:
        rate = RateLimit(0, sleep)
        for _ in range(100):
            await rate.wait()

    asyncio.run(many())
    assert slept == []


def test_flush_waits_for_the_rate_limit_before_each_mail(store: Store) -> None:
    queue(store, "a@x.de", "b@x.de", "c@x.de")
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    script = Script()
    asyncio.run(flush(store, script.connect, Clock(), "info@b-b-e.de", 3, RateLimit(30, sleep)))
    assert script.accepted == ["a@x.de", "b@x.de", "c@x.de"]
    assert [round(s) for s in slept] == [2, 4]


# ---- dry-run folder ------------------------------------------------------------------------------


def test_the_dry_run_folder_writes_each_mail_as_an_eml_file(store: Store, tmp_path: Path) -> None:
    queue(store, "anna@x.de", "bernd@x.de")
    folder = EmlFolder(tmp_path / "dry-run")
    asyncio.run(flush(store, folder.connect, Clock(), "info@b-b-e.de", 3, RateLimit(0)))
    assert [p.name for p in folder.written] == [
        "01-confirmation-anna@x.de.eml",
        "02-confirmation-bernd@x.de.eml",
    ]
    assert folder.written[0].read_bytes() == outgoing("anna@x.de").raw.encode()
