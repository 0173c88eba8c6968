"""What the store keeps: registrations, handled messages, outgoing mail, job runs.

Each record is a small dataclass with `to_doc()` / `from_doc()` for the JSON documents in the store.
Times are stored as ISO 8601 strings with offset.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Self


class RegStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    DECLINED = "declined"  # a late registration turned down by the event's late policy


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # handed to the SMTP server; see outbox.py for what a crash here means
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"  # permanent failure, kept for staff
    IN_DOUBT = "in_doubt"  # the worker died while the server had the mail: never resent by itself


class Outcome(StrEnum):
    HANDLED = "handled"  # acted on automatically
    REVIEW = "review"  # put before staff
    IGNORED = "ignored"  # machine mail (auto reply, bounce, list) recorded and filed
    DUPLICATE = "duplicate"  # the same message seen again


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class _Doc:
    """to_doc/from_doc for flat dataclasses: datetimes as ISO strings, enums as their values, and
    the store's `_key` taken from `_key_field` (records without one are keyed by the store)."""

    _times: tuple[str, ...] = ()
    _enums: ClassVar[dict[str, type[StrEnum]]] = {}
    _key_field = ""

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = asdict(self)  # type: ignore[call-overload]
        for name in self._times:
            doc[name] = _iso(doc[name])
        for name in self._enums:
            doc[name] = str(doc[name])
        if self._key_field:
            doc["_key"] = getattr(self, self._key_field)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        values = {k: v for k, v in doc.items() if k in known}
        for name in cls._times:
            if name in values:
                values[name] = _dt(values[name])
        for name, kind in cls._enums.items():
            if name in values:
                values[name] = kind(values[name])
        return cls(**values)


@dataclass
class HistoryEntry(_Doc):
    at: str  # ISO time
    status: str
    source: str  # "mail <message-id>", "staff: reason", "waitlist", ...


@dataclass
class Registration(_Doc):
    event: str
    email: str
    name: str
    status: RegStatus
    registered_at: datetime  # when this person first registered (arrival order for the waitlist)
    updated_at: datetime
    source_message_id: str
    language: str = "de"
    organisation: str = ""
    registered_by: str = ""  # the sender, when a colleague registered this person
    history: list[dict[str, Any]] = field(default_factory=list)

    _times = ("registered_at", "updated_at")
    _enums: ClassVar[dict[str, type[StrEnum]]] = {"status": RegStatus}
    _key_field = "key"

    @classmethod
    def first(
        cls,
        event: str,
        email: str,
        name: str,
        status: RegStatus,
        at: datetime,
        source: str,
        why: str,
        **more: Any,
    ) -> Registration:
        """A person's first registration record for an event, its history starting with `why`."""
        entry = {"at": at.isoformat(), "status": status.value, "source": why}
        return cls(event, email, name, status, at, at, source, history=[entry], **more)

    @property
    def key(self) -> str:
        return registration_key(self.event, self.email)


def registration_key(event: str, email: str) -> str:
    return f"{event}|{email.lower()}"


@dataclass
class MessageRecord(_Doc):
    """A mail the bot has handled (or set aside), keyed by its Message-ID or a hash of its header."""

    key: str
    message_id: str
    folder: str
    uid: int
    uidvalidity: int
    handled_at: datetime
    outcome: Outcome
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    date: str = ""
    intent: str = ""
    event: str | None = None
    needs_review: bool = False
    reasons: list[str] = field(default_factory=list)
    excerpt: str = ""  # the first lines the person wrote, for staff
    target_folder: str = ""  # where the mail was moved on the server
    marked: bool = False  # flag and move done on the server
    review_open: bool = False  # waiting for staff
    resolution: str = ""  # how staff settled it
    error: str = ""  # why the bot could not handle it, if so
    classification: dict[str, Any] = field(default_factory=dict)  # the full decision, for `resolve`
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    language: str = "de"

    _times = ("handled_at",)
    _enums: ClassVar[dict[str, type[StrEnum]]] = {"outcome": Outcome}
    _key_field = "key"


@dataclass
class OutgoingMail(_Doc):
    """One mail the bot will send, stored before it goes out.

    `purpose` is unique: it names what the mail is for and to whom (e.g.
    "confirm:<msgid>:anna@x.de" or "access:2020-06-22-zoom:anna@x.de"), so the same mail is never
    queued twice, whatever crashed in between.
    """

    id: str
    purpose: str
    kind: str
    to: str
    status: MailStatus
    created_at: datetime
    raw: str  # the complete message as it will be sent; dropped once sent
    message_id: str
    subject: str = ""
    event: str | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str = ""
    source_key: str = ""  # the handled message this answers, if any

    _times = ("created_at", "next_attempt_at", "sent_at")
    _enums: ClassVar[dict[str, type[StrEnum]]] = {"status": MailStatus}
    _key_field = "purpose"


@dataclass
class MailboxState(_Doc):
    folder: str
    uidvalidity: int = 0
    last_uid: int = 0


@dataclass
class JobRun(_Doc):
    job: str  # e.g. "access_data:2020-06-22-zoom"
    done_at: datetime
    note: str = ""

    _times = ("done_at",)
