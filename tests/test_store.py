"""The store: atomic snapshots, a journal that survives a killed process, several processes."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.records import MailStatus, MessageRecord, Outcome, OutgoingMail, Registration, RegStatus
from bot.store import MESSAGES, OUTBOX, Store

T0 = datetime(2020, 6, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def reg(
    email: str, status: RegStatus = RegStatus.REGISTERED, event: str = "e1", minutes: int = 0
) -> Registration:
    at = T0 + timedelta(minutes=minutes)
    return Registration(event, email, email.split("@")[0], status, at, at, f"<{email}>")


def mail(purpose: str, to: str = "a@x.de", kind: str = "confirmation") -> OutgoingMail:
    return OutgoingMail(
        purpose.replace(":", "-"), purpose, kind, to, MailStatus.QUEUED, T0, "raw", f"<{purpose}@b>"
    )


def record(key: str, marked: bool = False) -> MessageRecord:
    return MessageRecord(key, key, "INBOX", 1, 7, T0, Outcome.HANDLED, marked=marked)


def test_transaction_writes_one_snapshot_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "data" / "store.json"
    with Store(path) as store:
        with store.transaction() as tx:
            for i in range(500):
                tx.put_registration(reg(f"p{i}@x.de", minutes=i))
        assert store.count("e1", RegStatus.REGISTERED) == 500
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert len(data["registrations"]) == 500
    assert not list(path.parent.glob(".*.tmp")), "no temp file left behind"


def test_reload_sees_registrations_in_arrival_order(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with Store(path) as store, store.transaction() as tx:
        tx.put_registration(reg("b@x.de", minutes=5))
        tx.put_registration(reg("a@x.de", minutes=1))
    with Store(path) as again:
        assert [r.email for r in again.registrations("e1")] == ["a@x.de", "b@x.de"]
        got = again.registration("e1", "A@X.DE")
        assert got is not None and got.status is RegStatus.REGISTERED


def test_exception_in_transaction_discards_changes(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with Store(path) as store:
        with store.transaction() as tx:
            tx.put_registration(reg("a@x.de"))
        with pytest.raises(RuntimeError), store.transaction() as tx:
            tx.put_registration(reg("b@x.de"))
            raise RuntimeError("boom")
        assert store.registration("e1", "b@x.de") is None
        assert store.count("e1", RegStatus.REGISTERED) == 1


def test_two_processes_do_not_lose_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    worker, staff = Store(path), Store(path)
    with worker.transaction() as tx:
        tx.put_registration(reg("a@x.de"))
    with staff.transaction() as tx:  # reloads first: sees a@
        assert staff.registration("e1", "a@x.de") is not None
        tx.put_registration(reg("b@x.de"))
    with worker.transaction() as tx:  # reloads: sees b@, keeps it
        tx.put_registration(reg("c@x.de"))
    with Store(path) as check:
        assert {r.email for r in check.registrations()} == {"a@x.de", "b@x.de", "c@x.de"}


def test_queue_mail_refuses_the_same_purpose_twice(tmp_path: Path) -> None:
    with Store(tmp_path / "s.json") as store, store.transaction() as tx:
        assert tx.queue_mail(mail("confirmation:e1:a@x.de:<m1>"))
        assert not tx.queue_mail(mail("confirmation:e1:a@x.de:<m1>"))
        assert len(store.pending_mail()) == 1


def test_journal_survives_a_killed_process_and_is_folded_in(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        tx.queue_mail(mail("p1"))
        tx.queue_mail(mail("p2"))
        tx.put_message(record("<m1>"))
    store.note(OUTBOX, "p1", status=MailStatus.SENT, sent_at=T0)
    store.note(MESSAGES, "<m1>", marked=True)
    # No snapshot was written since: a new process must see both changes from the journal.
    fresh = Store(path)
    sent = fresh.mail("p1")
    assert sent is not None and sent.status is MailStatus.SENT and sent.raw == ""
    assert [m.purpose for m in fresh.pending_mail()] == ["p2"]
    assert fresh.unmarked_messages() == []
    with fresh.transaction() as tx:
        tx.put_registration(reg("a@x.de"))
    assert path.with_name("s.json.journal").stat().st_size == 0
    again = Store(path)
    got = again.mail("p1")
    assert got is not None and got.status is MailStatus.SENT


def test_a_torn_journal_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        tx.queue_mail(mail("p1"))
    store.note(OUTBOX, "p1", status=MailStatus.SENDING)
    with open(path.with_name("s.json.journal"), "ab") as fh:
        fh.write(b'{"t": "outbox", "k": "p1", "f": {"status": "se')  # killed mid-write
    fresh = Store(path)
    got = fresh.mail("p1")
    assert got is not None and got.status is MailStatus.SENDING


def test_unmarked_and_pending_sets_track_changes(tmp_path: Path) -> None:
    with Store(tmp_path / "s.json") as store:
        with store.transaction() as tx:
            tx.put_message(record("<a>"))
            tx.put_message(record("<b>", marked=True))
        assert [r.key for r in store.unmarked_messages()] == ["<a>"]
        store.note(MESSAGES, "<a>", marked=True)
        assert store.unmarked_messages() == []


def test_counts_follow_status_changes_and_deletes(tmp_path: Path) -> None:
    with Store(tmp_path / "s.json") as store:
        with store.transaction() as tx:
            tx.put_registration(reg("a@x.de"))
            tx.put_registration(reg("b@x.de"))
            tx.put_registration(reg("a@x.de", RegStatus.CANCELLED))
        assert store.count("e1", RegStatus.REGISTERED) == 1
        assert store.count("e1", RegStatus.CANCELLED) == 1
        with store.transaction() as tx:
            tx.delete_registrations(["e1|b@x.de"])
        assert store.count("e1", RegStatus.REGISTERED) == 0


def test_unwritable_store_is_a_clear_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    from bot.store import StoreError

    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        tx.put_registration(reg("a@x.de"))
    before = path.read_bytes()
    # Root ignores file modes, so block the temp file's name with a folder instead.
    (tmp_path / f".s.json.{os.getpid()}.tmp").mkdir()
    with pytest.raises(StoreError, match="cannot write the store"), store.transaction() as tx:
        tx.put_registration(reg("b@x.de"))
    assert path.read_bytes() == before
    assert store.registration("e1", "b@x.de") is None
