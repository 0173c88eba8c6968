"""The store at scale: commits to the journal, checkpoints, a second thread, and the sending thread.

Functional checks only (what is written, what a fresh process reads back); the speed itself is
measured by bench/run, never asserted here.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import bot.store
from bot.clock import FixedClock
from bot.outbox import RateLimit, SendSession
from bot.records import MailStatus, RegStatus
from bot.sending import BackgroundSender, SendSettings
from bot.store import MESSAGES, OUTBOX, Store
from tests.test_store import T0, mail, record, reg


def contents(store: Store) -> dict[str, list[str]]:
    """The documents of every table, without TinyDB's document ids (a replay may number them anew)."""
    data = store._storage.data
    return {
        name: sorted(json.dumps(doc, sort_keys=True) for doc in table.values())
        for name, table in data.items()
    }


@pytest.fixture
def big_from_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat a snapshot of a few KB as big, so that commits go to the journal."""
    monkeypatch.setattr(bot.store, "JOURNAL_FROM_BYTES", 1000)


@pytest.mark.usefixtures("big_from_small")
def test_commits_go_to_the_journal_and_a_fresh_store_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        for i in range(30):
            tx.put_registration(reg(f"p{i}@x.de", minutes=i))
    snapshot = path.read_bytes()
    with store.transaction() as tx:
        tx.put_registration(reg("new@x.de"))
        tx.put_registration(reg("p1@x.de", RegStatus.CANCELLED))
        tx.delete_registrations(["e1|p2@x.de"])
        tx.queue_mail(mail("m1"))
        tx.put_message(record("<r1>"))
    store.note(OUTBOX, "m1", status=MailStatus.SENT, sent_at=T0)
    assert path.read_bytes() == snapshot, "the commit went to the journal, not into a new snapshot"
    assert b'"tx"' in path.with_name("s.json.journal").read_bytes()

    fresh = Store(path)
    assert contents(fresh) == contents(store)
    assert fresh.count("e1", RegStatus.REGISTERED) == store.count("e1", RegStatus.REGISTERED) == 29
    assert fresh.count("e1", RegStatus.CANCELLED) == 1
    assert fresh.registration("e1", "p2@x.de") is None
    sent = fresh.mail("m1")
    assert sent is not None and sent.status is MailStatus.SENT and sent.raw == ""
    assert fresh.pending_mail() == []
    assert [r.key for r in fresh.unmarked_messages()] == ["<r1>"]


@pytest.mark.usefixtures("big_from_small")
def test_the_journal_is_folded_into_a_snapshot_once_it_is_half_the_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        for i in range(30):
            tx.put_registration(reg(f"p{i}@x.de", minutes=i))
    sizes = []
    for batch in range(12):
        with store.transaction() as tx:
            for i in range(5):
                tx.put_registration(reg(f"b{batch}.{i}@x.de"))
        sizes.append(path.with_name("s.json.journal").stat().st_size)
    assert 0 in sizes, "a snapshot was written and the journal emptied"
    assert all(size <= path.stat().st_size for size in sizes)
    assert len(Store(path).registrations()) == 30 + 12 * 5


@pytest.mark.usefixtures("big_from_small")
def test_a_transaction_cut_off_by_a_crash_is_ignored_and_cut_away(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        for i in range(30):
            tx.put_registration(reg(f"p{i}@x.de", minutes=i))
    with store.transaction() as tx:
        tx.put_registration(reg("whole@x.de"))
    journal = path.with_name("s.json.journal")
    with journal.open("ab") as fh:  # killed in the middle of writing the next commit
        fh.write(b'{"tx":[["registrations","e1|torn@x.de",{"event":"e1","ema')
    other = Store(path)
    assert other.registration("e1", "whole@x.de") is not None
    assert other.registration("e1", "torn@x.de") is None
    with other.transaction() as tx:
        tx.put_registration(reg("after@x.de"))
    again = Store(path)
    assert again.registration("e1", "after@x.de") is not None, "the torn line did not swallow the next one"
    assert b"torn" not in journal.read_bytes()


def test_the_snapshot_written_in_slices_is_the_json_of_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.store, "SNAPSHOT_CHUNK", 3)
    store = Store(tmp_path / "s.json")
    with store.transaction() as tx:
        for i in range(10):
            tx.put_registration(reg(f"p{i}@x.de", minutes=i))
        tx.queue_mail(mail("m1"))
    expected = json.dumps(store._storage.data, ensure_ascii=False, separators=(",", ":")).encode()
    assert b"".join(store._snapshot_chunks()) == expected
    assert (tmp_path / "s.json").read_bytes() == expected


def test_a_checkpoint_keeps_what_came_before_it_when_the_rest_fails(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put_registration(reg("kept@x.de"))
        store.checkpoint()
        tx.put_registration(reg("dropped@x.de"))
        raise RuntimeError("the job broke")
    for view in (store, Store(path)):
        assert view.registration("e1", "kept@x.de") is not None
        assert view.registration("e1", "dropped@x.de") is None


def test_a_note_from_another_thread_does_not_wait_for_an_open_transaction(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        tx.queue_mail(mail("m1"))
    noted = threading.Event()
    with store.transaction() as tx:
        tx.put_registration(reg("a@x.de"))
        sender = threading.Thread(
            target=lambda: (store.note(OUTBOX, "m1", status=MailStatus.SENT), noted.set())
        )
        sender.start()
        assert noted.wait(5), "the note waited for the transaction"
        sender.join()
    fresh = Store(path)
    sent = fresh.mail("m1")
    assert sent is not None and sent.status is MailStatus.SENT
    assert fresh.registration("e1", "a@x.de") is not None


class Recorder:
    """A send session that records what it was given."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def send(self, envelope_from: str, to: str, raw: bytes, before_data: Callable[[], None]) -> None:
        before_data()
        self.log.append(to)

    async def close(self) -> None:
        return None


def test_the_sending_thread_sends_only_committed_mails_and_records_them(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.json")
    with store.transaction() as tx:
        tx.queue_mail(mail("m1", to="one@x.de"))
        tx.queue_mail(mail("m2", to="two@x.de"))
    sent_to: list[str] = []

    async def connect() -> SendSession:
        return Recorder(sent_to)

    settings = SendSettings(store, connect, FixedClock(T0), "info@b-b-e.de", 3, RateLimit(0))
    sender = BackgroundSender(settings, lambda _report: None)
    sender.start()
    with store.transaction() as tx:  # a batch being planned: its mail must wait for the commit
        tx.queue_mail(mail("m3", to="three@x.de"))
        ticket = sender.submit(["m1", "m2"])
        sender.wait(ticket)
        assert sent_to == ["one@x.de", "two@x.de"]
    sender.wait(sender.submit(["m3"]))
    reports = sender.finish()
    assert sent_to == ["one@x.de", "two@x.de", "three@x.de"]
    assert sum(len(r.sent) for r in reports) == 3
    fresh = Store(tmp_path / "s.json")
    assert all(m.status is MailStatus.SENT for m in fresh.outbox())


def test_unmarked_messages_marked_in_one_write(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    store = Store(path)
    with store.transaction() as tx:
        for i in range(5):
            tx.put_message(record(f"<m{i}>"))
    store.note_many(MESSAGES, [f"<m{i}>" for i in range(5)], marked=True)
    assert store.unmarked_messages() == []
    assert Store(path).unmarked_messages() == []
    assert len(path.with_name("s.json.journal").read_bytes().splitlines()) == 5
