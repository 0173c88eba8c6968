"""The store: registrations, handled messages, the outbox and job runs, in one TinyDB file.

The only module that imports TinyDB. What makes it safe and fast:

* **Snapshots are atomic.** The whole database is written to a temp file, fsynced and renamed over the
  old one, so a crash mid-write leaves the previous snapshot intact. The file is created mode 0600.
* **Writes are batched.** TinyDB's own JSONStorage rewrites the file on every insert. Here the storage
  keeps the data in memory and a `Transaction` is written once, when it commits; a table whose
  updates touch one document cost O(1) (see `_FastTable`), not a rewrite of the whole table.
* **A commit costs what it changed, not what the store holds.** While the snapshot is small, every
  commit writes a new one. Once it is large (`JOURNAL_FROM_BYTES`), a commit appends the documents it
  changed to the journal as one line and fsyncs it, and a new snapshot is written only when the
  journal has grown to `JOURNAL_SHARE` of the snapshot: a worker that handles 10,000 replies in 50
  batches writes about three times its final store, not fifty. A line cut off by a crash is ignored
  (and cut away before the next append), so a commit is all or nothing either way.
* **Several processes share it.** Staff commands run while the worker runs. Every transaction takes
  an exclusive `flock` on `<file>.lock`, reloads the file if another process changed it, applies its
  changes and writes before unlocking. Between transactions the worker records the progress of sends
  in the journal (`<file>.journal`, one JSON line per change, appended under the same lock), so a
  send is recorded in microseconds and survives a killed process; the next snapshot folds the journal
  in.
* **Two threads share it.** The worker sends mail from a second thread while it reads the next batch
  (bot/worker.py). A mutex orders the in-memory changes, the journal and the flock between threads; a
  note from the sending thread while the reading thread has a transaction open rides on that
  transaction's flock, so sends are recorded while a batch is being planned.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from bot.errors import BotError
from bot.records import (
    JobRun,
    MailboxState,
    MailStatus,
    MessageRecord,
    OutgoingMail,
    Registration,
    registration_key,
)

REGISTRATIONS = "registrations"
MESSAGES = "messages"
OUTBOX = "outbox"
MAILBOXES = "mailboxes"
JOBS = "jobs"
STATE = "state"
TABLES = (REGISTRATIONS, MESSAGES, OUTBOX, MAILBOXES, JOBS, STATE)
# What is keyed by what: the `_key` field of each document, indexed in memory.
PENDING_MAIL = frozenset({MailStatus.QUEUED.value, MailStatus.RETRY.value, MailStatus.SENDING.value})
# Commits go to the journal once the snapshot is this big, while the journal stays under this share
# of the snapshot (so that loading, which replays the journal, stays cheap). Small stores, which are
# most stores and all tests, keep one readable snapshot per transaction.
JOURNAL_FROM_BYTES = 2 * 1024 * 1024
JOURNAL_SHARE = 0.5
SNAPSHOT_CHUNK = 250  # documents serialised at a time: the snapshot never exists twice in memory


class StoreError(BotError):
    """The store file cannot be read or written."""


class _IntKeys(MutableMapping[int, Any]):
    """TinyDB's table updaters expect int document ids; the stored JSON has string keys.

    Stock TinyDB converts the whole table both ways on every write, which makes each insert O(n).
    This view converts one key at a time instead.
    """

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __getitem__(self, key: int) -> Any:
        return self.raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self.raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        del self.raw[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self.raw

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class _FastTable(Table):
    def _update_table(self, updater: Any) -> None:
        tables = self._storage.read() or {}
        raw = tables.setdefault(self.name, {})
        updater(_IntKeys(raw))
        self._storage.write(tables)
        self.clear_cache()


class _FastTinyDB(TinyDB):
    table_class = _FastTable


class _MemoryStorage(Storage):
    """TinyDB storage over a dict we own; `Store` decides when it reaches the disk."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = True


@dataclass(frozen=True)
class _FileId:
    inode: int
    mtime_ns: int
    size: int


class Store:
    """The bot's database. Read methods see the last loaded state; call `refresh()` for news."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.journal_path = path.with_name(path.name + ".journal")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc.strerror}") from None
        self._loaded: _FileId | None = None
        self._journal_offset = 0
        self._in_tx = False
        self._mutex = threading.RLock()
        self._changed: dict[tuple[str, str], None] = {}  # what the open transaction touched
        self._db = _FastTinyDB(storage=lambda: _MemoryStorage({}))
        self._index: dict[str, dict[str, int]] = {}
        with self._locked():
            self._reload()

    # ---- loading -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The store to ourselves: no other thread (the mutex), no other process (the flock).

        While a transaction is open this process holds the flock already; a note from another
        thread then needs only the mutex (flock is per open file, so locking again would not wait,
        and unlocking would end the transaction's lock).
        """
        with self._mutex:
            if self._in_tx:
                yield
                return
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _file_id(self) -> _FileId | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return _FileId(st.st_ino, st.st_mtime_ns, st.st_size)

    def _reload(self) -> None:
        """Load the snapshot and replay the journal. Called with the lock held."""
        file_id = self._file_id()
        data: dict[str, dict[str, Any]] = {}
        if file_id is not None:
            try:
                text = self.path.read_text(encoding="utf-8")
                data = json.loads(text) if text.strip() else {}
            except (OSError, ValueError) as exc:
                raise StoreError(f"cannot read the store {self.path}: {exc}") from None
        for name in TABLES:
            data.setdefault(name, {})
        self._db = _FastTinyDB(storage=lambda: _MemoryStorage(data))
        self._loaded = file_id
        self._journal_offset = 0
        self._build_indexes()
        self._replay_journal()

    def _build_indexes(self) -> None:
        storage = self._storage
        self._index = {
            name: {doc["_key"]: int(doc_id) for doc_id, doc in storage.data[name].items() if "_key" in doc}
            for name in TABLES
        }
        self._unmarked: set[str] = set()
        self._pending: set[str] = set()
        self._reg_status: dict[str, tuple[str, str]] = {}
        self._counts: dict[tuple[str, str], int] = {}
        self._replies: dict[str, list[tuple[str, str]]] = {}
        self._thread_events: dict[str, str] = {}
        self._seen_mail: set[str] = set()
        for name in (MESSAGES, OUTBOX):
            for doc in storage.data[name].values():
                _intern_strings(doc)
                if "_key" in doc:
                    self._track(name, doc["_key"], doc)
        # Registrations are the bulk of a big store: their two indexes in one tight pass.
        for doc in storage.data[REGISTRATIONS].values():
            if "_key" in doc and "status" in doc:
                self._reg_status[doc["_key"]] = (doc.get("event", ""), doc["status"])
        self._counts = dict(Counter(self._reg_status.values()))

    @property
    def _storage(self) -> _MemoryStorage:
        storage = self._db.storage
        assert isinstance(storage, _MemoryStorage)
        return storage

    def _replay_journal(self) -> None:
        try:
            if self.journal_path.stat().st_size <= self._journal_offset:
                return  # nothing new: one stat, not an open and a read (a note is made per send)
            with self.journal_path.open("rb") as fh:
                fh.seek(self._journal_offset)
                chunk = fh.read()
        except FileNotFoundError:
            return
        end = chunk.rfind(b"\n") + 1  # a line cut by a crash has no newline yet: ignore it
        dirty = self._storage.dirty  # replayed changes are on disk already
        for line in chunk[:end].splitlines():
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if "tx" in entry:
                    self._apply_tx(entry["tx"])
                else:
                    self._apply_note(entry["t"], entry["k"], entry["f"])
        self._storage.dirty = dirty
        self._journal_offset += end

    def _refresh_locked(self) -> None:
        if self._file_id() != self._loaded:
            self._reload()
        else:
            self._replay_journal()

    def refresh(self) -> None:
        """See what other processes committed since we last looked."""
        with self._locked():
            self._refresh_locked()

    # ---- transactions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, refresh, let the caller change things, write one snapshot, unlock.

        An exception inside discards every change of the transaction.
        """
        with self._mutex:
            if self._in_tx:
                raise RuntimeError("transactions do not nest")
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                self._refresh_locked()
            except BaseException:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                raise
            self._in_tx = True
            self._changed = {}
        # The caller's changes run without the mutex, so that another thread's notes (sends being
        # recorded) need not wait for a whole batch to be planned; the flock stays ours throughout.
        try:
            yield Transaction(self)
            self.checkpoint()
        except BaseException:
            with self._mutex:
                self._reload()  # drop the half-applied changes
            raise
        finally:
            with self._mutex:
                self._in_tx = False
                self._changed = {}
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def checkpoint(self) -> None:
        """Inside a transaction: make what it changed so far durable now, and carry on.

        For work that is safe to commit in parts (every mail of a deadline job is keyed by its
        purpose, so a job cut short by a crash queues the rest next time and nothing twice).
        """
        with self._mutex:
            if not self._in_tx:
                raise RuntimeError("checkpoint() outside a transaction")
            if self._storage.dirty:
                self._commit()

    def _commit(self) -> None:
        """Write the open transaction: a journal line while that is cheap, else a snapshot."""
        snapshot = self._loaded.size if self._loaded is not None else 0
        if snapshot >= JOURNAL_FROM_BYTES:
            ops = [[table, key, self._get(table, key)] for table, key in self._changed]
            line = (json.dumps({"tx": ops}, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            if self._journal_offset + len(line) <= snapshot * JOURNAL_SHARE:
                self._append(line, durable=True)
                self._storage.dirty = False
                self._changed = {}
                return
        self._write_snapshot()
        self._changed = {}

    def _append(self, data: bytes, *, durable: bool = False) -> None:
        """Append whole lines to the journal (the lock is held and the journal replayed).

        Everything up to `_journal_offset` has been read, so bytes beyond it are a line that a
        killed process left half-written: cut it off, or it would swallow the line written after it.
        """
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                if os.fstat(fd).st_size > self._journal_offset:
                    os.ftruncate(fd, self._journal_offset)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(f"cannot write the journal {self.journal_path}: {exc.strerror}") from None
        self._journal_offset += len(data)

    def _snapshot_chunks(self) -> Iterator[bytes]:
        """The whole store as JSON (exactly as one json.dumps would write it), a slice at a time."""
        yield b"{"
        for number, (name, table) in enumerate(self._storage.data.items()):
            yield (("," if number else "") + json.dumps(name) + ":{").encode()
            items = list(table.items())
            for start in range(0, len(items), SNAPSHOT_CHUNK):
                part = json.dumps(
                    dict(items[start : start + SNAPSHOT_CHUNK]), ensure_ascii=False, separators=(",", ":")
                )
                yield (("," if start else "") + part[1:-1]).encode()
            yield b"}"
        yield b"}"

    def _write_snapshot(self) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                for chunk in self._snapshot_chunks():
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
            # The journal is folded into the snapshot now; empty it.
            if self._journal_offset:
                with open(self.journal_path, "wb") as jf:
                    jf.flush()
                    os.fsync(jf.fileno())
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StoreError(f"cannot write the store {self.path}: {exc.strerror or exc}") from None
        self._storage.dirty = False
        self._loaded = self._file_id()
        self._journal_offset = 0

    # ---- the journal of small changes between transactions --------------------------------------

    def note(self, table: str, key: str, **changes: Any) -> None:
        """Record a change of one document at once (a send's status, a message marked), no snapshot.

        Written with a plain write(): it survives the process being killed; `sync()` makes it
        survive a power loss too. The next snapshot folds it in.
        """
        self.note_many(table, [key], **changes)

    def note_many(self, table: str, keys: Iterable[str], **changes: Any) -> None:
        """The same change to several documents (a batch of messages marked), in one write."""
        fields = {k: _plain(v) for k, v in changes.items()}
        keys = list(keys)
        lines = "".join(
            json.dumps({"t": table, "k": key, "f": fields}, ensure_ascii=False) + "\n" for key in keys
        )
        if not keys:
            return
        with self._locked():
            if not self._in_tx:  # with a transaction open, no other process can have written
                self._refresh_locked()
            # Disk first: if the write fails, memory must not believe it (a long-running worker
            # would take a mail noted `sending` that never went for one in doubt).
            self._append(lines.encode("utf-8"))
            for key in keys:
                self._apply_note(table, key, fields)

    def sync(self) -> None:
        """Make the journal durable (fsync)."""
        try:
            fd = os.open(self.journal_path, os.O_RDONLY)  # fsync needs no write access
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot sync the journal {self.journal_path}: {exc.strerror}") from None
        try:
            os.fsync(fd)
        except OSError as exc:
            raise StoreError(f"cannot sync the journal {self.journal_path}: {exc.strerror}") from None
        finally:
            os.close(fd)

    def _apply_tx(self, ops: list[list[Any]]) -> None:
        """A transaction committed to the journal: its documents as they were written."""
        for table, key, doc in ops:
            if doc is None:
                self._remove(table, [key])
            else:
                self._upsert(table, key, doc)

    def _upsert(self, table: str, key: str, doc: dict[str, Any]) -> None:
        doc["_key"] = key
        if table in (MESSAGES, OUTBOX):
            _intern_strings(doc)
        tinytable = self._db.table(table)
        doc_id = self._index[table].get(key)
        if doc_id is None:
            self._index[table][key] = tinytable.insert(doc)
        else:
            tinytable.update(_replace_with(doc), doc_ids=[doc_id])
        self._track(table, key, doc)

    def _remove(self, table: str, keys: list[str]) -> list[str]:
        """Remove documents by key; returns the keys that were there."""
        found = [k for k in keys if k in self._index[table]]
        ids = [self._index[table].pop(k) for k in found]
        for key in keys:
            self._unmarked.discard(key)
            self._pending.discard(key)
            old = self._reg_status.pop(key, None) if table == REGISTRATIONS else None
            if old is not None:
                self._counts[old] -= 1
        if ids:
            self._db.table(table).remove(doc_ids=ids)
        return found

    def _apply_note(self, table: str, key: str, fields: dict[str, Any]) -> None:
        doc_id = self._index.get(table, {}).get(key)
        if doc_id is None:
            return
        doc = self._storage.data[table][str(doc_id)]
        doc.update(fields)
        if table == OUTBOX and fields.get("status") == MailStatus.SENT.value:
            doc["raw"] = ""  # a sent mail need not be kept here; the recipient and the server have it
        self._track(table, key, doc)

    def _track(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """Keep the small sets that idle cycles look at, so they never scan a table."""
        if table == MESSAGES:
            (self._unmarked.discard if doc.get("marked") else self._unmarked.add)(key)
        elif table == OUTBOX:
            (self._pending.add if doc.get("status") in PENDING_MAIL else self._pending.discard)(key)
            if "to" in doc and key not in self._seen_mail:
                self._seen_mail.add(key)
                self._replies.setdefault(doc["to"], []).append(
                    (doc.get("created_at", ""), doc.get("kind", ""))
                )
                if doc.get("event") and doc.get("message_id"):
                    self._thread_events[doc["message_id"]] = doc["event"]
        elif table == REGISTRATIONS and "status" in doc:
            old = self._reg_status.get(key)
            new = (doc.get("event", ""), doc["status"])
            if old != new:
                if old is not None:
                    self._counts[old] = self._counts.get(old, 1) - 1
                self._counts[new] = self._counts.get(new, 0) + 1
                self._reg_status[key] = new

    # ---- reads --------------------------------------------------------------------------------

    def _get(self, table: str, key: str) -> dict[str, Any] | None:
        doc_id = self._index[table].get(key)
        if doc_id is None:
            return None
        return self._storage.data[table].get(str(doc_id))

    def _all(self, table: str) -> list[dict[str, Any]]:
        return list(self._storage.data[table].values())

    def registration(self, event: str, email: str) -> Registration | None:
        doc = self._get(REGISTRATIONS, registration_key(event, email))
        return Registration.from_doc(doc) if doc else None

    def registrations(self, event: str | None = None) -> list[Registration]:
        """All registrations (of one event), in order of arrival."""
        # A plain scan of the documents: TinyDB's search would wrap each one in a Document and keep
        # the result lists in its query cache.
        docs = list(self._storage.data[REGISTRATIONS].values())
        regs = [Registration.from_doc(d) for d in docs if event is None or d.get("event") == event]
        regs.sort(key=lambda r: (r.registered_at, r.email))
        return regs

    def count(self, event: str, status: str) -> int:
        """How many registrations of the event have this status (kept up to date in memory)."""
        return self._counts.get((event, str(status)), 0)

    def replies_since(self, email: str, since: datetime, kinds: frozenset[str]) -> int:
        """How many mails of these kinds went (or will go) to this address since `since`."""
        return sum(
            1
            for at, kind in self._replies.get(email.lower(), ())
            if kind in kinds and at and datetime.fromisoformat(at) >= since
        )

    def event_of_message(self, message_id: str) -> str | None:
        """The event a mail we wrote was about: replies to it belong to that event."""
        return self._thread_events.get(message_id)

    def message(self, key: str) -> MessageRecord | None:
        doc = self._get(MESSAGES, key)
        return MessageRecord.from_doc(doc) if doc else None

    def has_message(self, key: str) -> bool:
        return key in self._index[MESSAGES]

    def messages(self) -> list[MessageRecord]:
        return [MessageRecord.from_doc(d) for d in self._all(MESSAGES)]

    def unmarked_messages(self) -> list[MessageRecord]:
        """Handled messages whose flag and move on the server are not done yet."""
        recs = [self.message(key) for key in sorted(self._unmarked)]
        return [r for r in recs if r is not None]

    def mail(self, purpose: str) -> OutgoingMail | None:
        doc = self._get(OUTBOX, purpose)
        return OutgoingMail.from_doc(doc) if doc else None

    def outbox(self, statuses: frozenset[str] | None = None) -> list[OutgoingMail]:
        docs = self._all(OUTBOX)
        if statuses is not None:
            docs = [d for d in docs if d.get("status") in statuses]
        return [OutgoingMail.from_doc(d) for d in docs]

    def pending_mail(self) -> list[OutgoingMail]:
        """Mail not yet sent (queued, retry, or caught mid-send), oldest first."""
        order = self._index[OUTBOX]
        with self._mutex:  # the sending thread changes the set while a batch is being planned
            pending = list(self._pending)
        purposes = sorted(pending, key=lambda p: order.get(p, 0))  # in the order they were queued
        mails = [m for m in (self.mail(p) for p in purposes) if m is not None]
        mails.sort(key=lambda m: m.created_at)
        return mails

    def mailbox_state(self, folder: str) -> MailboxState:
        doc = self._get(MAILBOXES, folder)
        return MailboxState.from_doc(doc) if doc else MailboxState(folder=folder)

    def job_done(self, job: str) -> bool:
        return job in self._index[JOBS]

    def job_run(self, job: str) -> JobRun | None:
        doc = self._get(JOBS, job)
        return JobRun.from_doc(doc) if doc else None

    def job_runs(self) -> list[JobRun]:
        return [JobRun.from_doc(d) for d in self._all(JOBS)]

    def state(self, key: str, default: Any = None) -> Any:
        doc = self._get(STATE, key)
        return doc["value"] if doc else default

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._lock_fd)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Transaction:
    """Changes to the store; they are visible to reads at once and written on commit."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _put(self, table: str, key: str, doc: dict[str, Any]) -> None:
        self.store._upsert(table, key, doc)
        self.store._changed[(table, key)] = None

    def put_registration(self, reg: Registration) -> None:
        self._put(REGISTRATIONS, reg.key, reg.to_doc())

    def put_message(self, rec: MessageRecord) -> None:
        self._put(MESSAGES, rec.key, rec.to_doc())

    def queue_mail(self, mail: OutgoingMail) -> bool:
        """Store a mail to send. False, and nothing stored, when its purpose was queued before."""
        if mail.purpose in self.store._index[OUTBOX]:
            return False
        self._put(OUTBOX, mail.purpose, mail.to_doc())
        return True

    def put_mail(self, mail: OutgoingMail) -> None:
        self._put(OUTBOX, mail.purpose, mail.to_doc())

    def set_mailbox_state(self, state: MailboxState) -> None:
        self._put(MAILBOXES, state.folder, state.to_doc())

    def mark_job_done(self, run: JobRun) -> None:
        self._put(JOBS, run.job, run.to_doc())

    def set_state(self, key: str, value: Any) -> None:
        self._put(STATE, key, {"value": value})

    def delete_registrations(self, keys: list[str]) -> None:
        self._delete(REGISTRATIONS, keys)

    def delete_messages(self, keys: list[str]) -> None:
        self._delete(MESSAGES, keys)

    def delete_mails(self, purposes: list[str]) -> None:
        self._delete(OUTBOX, purposes)

    def _delete(self, table: str, keys: list[str]) -> None:
        for key in self.store._remove(table, keys):
            self.store._changed[(table, key)] = None


INTERN_UP_TO = 500  # characters; longer strings (a mail's raw text, an excerpt) are seldom repeated


def _intern_strings(value: Any) -> None:
    """Share equal strings between documents, in place.

    Handled messages and sent mails repeat most of their strings (folder, outcome, intent, event,
    subject, reasons, the time of the cycle, the invitation's Message-ID); each document decoded or
    built on its own holds its own copies. Interned, a store of 10,000 handled replies takes about
    40% less memory. (sys.intern's table does not keep a string alive once no document uses it.)
    """
    if isinstance(value, dict):
        for key, item in value.items():
            if type(item) is str:
                if len(item) <= INTERN_UP_TO:
                    value[key] = sys.intern(item)
            elif isinstance(item, dict | list):
                _intern_strings(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if type(item) is str:
                if len(item) <= INTERN_UP_TO:
                    value[index] = sys.intern(item)
            elif isinstance(item, dict | list):
                _intern_strings(item)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _replace_with(doc: dict[str, Any]) -> Any:
    def replace(old: dict[str, Any]) -> None:
        old.clear()
        old.update(doc)

    return replace


def _fsync_dir(path: Path) -> None:
    # The rename is durable only once the directory entry is: fsync the folder too.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
