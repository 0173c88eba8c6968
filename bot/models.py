"""Small typed values that cross module boundaries.

Every value here is plain data: no I/O, no behaviour beyond trivial helpers. Parsing produces a
`ParsedMail`, machine detection a `MachineVerdict`, classification a `Classification`; the worker,
the store and the templates only ever see these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Intent(StrEnum):
    """What a mail wants (definitions in ../shared/interface.md)."""

    REGISTER = "register"
    CANCEL = "cancel"
    QUESTION = "question"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Address:
    """A mail address, lowercased, with the display name as written (may be empty)."""

    email: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class CalendarReply:
    """A text/calendar METHOD:REPLY part ("Zugesagt:", "Abgelehnt:", ...).

    `partstat` is the iCalendar PARTSTAT of the replying attendee, upper case:
    ACCEPTED, DECLINED, TENTATIVE (or another value as sent).
    """

    partstat: str
    attendee: str = ""
    uid: str = ""
    summary: str = ""
    dtstart: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeliveryFailure:
    """One failed recipient of a delivery report (bounce)."""

    recipient: str  # lowercased address whose delivery failed ("" when unknown)
    status: str = ""  # enhanced status code such as "5.1.1" ("" when unknown)
    permanent: bool = True  # 5.x.x or a permanent free-text failure; False for 4.x.x / delays
    diagnostic: str = ""


@dataclass(frozen=True, slots=True)
class ParsedMail:
    """A raw RFC 5322 message turned into plain values.

    Header values are decoded (RFC 2047) and unfolded. `headers` maps lower-case header names to
    every value of that header in order; it is what machine detection reads.
    """

    raw_size: int
    headers: dict[str, tuple[str, ...]]
    subject: str
    sender: Address | None  # From (first address)
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    message_id: str | None  # with angle brackets, as in the header
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    date: datetime | None  # timezone-aware when the header had an offset
    content_type: str  # of the top-level part, lower case, e.g. "multipart/mixed"
    body_text: str  # the best body part as text (plain, else HTML turned into text), untrimmed
    body_was_html: bool
    reply_text: str  # what the person wrote: quotes, signatures, disclaimers removed
    quoted_text: str  # what was removed as quotation
    forwarded_text: str  # forwarded messages set apart (never read as the sender's own words)
    calendar_reply: CalendarReply | None = None
    delivery_failures: tuple[DeliveryFailure, ...] = ()  # from message/delivery-status parts
    report_type: str = ""  # the report-type parameter of a multipart/report ("delivery-status", ...)
    attached_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # ^ headers of an attached original message (message/rfc822 or text/rfc822-headers), as `headers`
    attachment_names: tuple[str, ...] = ()
    defects: tuple[str, ...] = ()  # what was wrong with the message (kept for staff, never fatal)
    truncated: bool = False  # the body was longer than the size cap and was cut
    dsn_actions: tuple[str, ...] = ()
    # ^ the Action of every per-recipient block of a message/delivery-status part, lower case
    #   ("failed", "delayed", "delivered", ...): tells a success DSN from a failure report

    def header(self, name: str) -> str:
        """The first value of a header, or ""."""
        values = self.headers.get(name.lower())
        return values[0] if values else ""


class MachineKind(StrEnum):
    """What machine detection found."""

    HUMAN = "human"  # nothing machine-like: read the prose
    AUTO_REPLY = "auto_reply"  # out of office, ticket acknowledgement, other RFC 3834 auto replies
    BOUNCE = "bounce"  # a delivery failure report
    BULK = "bulk"  # lists, newsletters, feedback reports, success DSNs: never answered
    OWN = "own"  # our own mail coming back


@dataclass(frozen=True, slots=True)
class MachineVerdict:
    kind: MachineKind
    reasons: tuple[str, ...] = ()
    failures: tuple[DeliveryFailure, ...] = ()  # for BOUNCE: who did not get our mail
    no_reply: bool = False  # the sender must never get an automatic answer (noreply, lists, ...)


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a mail asks for: register or cancel these people for this event."""

    intent: Intent
    event: str
    attendees: tuple[Address, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    """The decision about one mail, as `classify --json` prints it and the worker acts on it."""

    intent: Intent
    event: str | None
    attendees: tuple[Address, ...]
    unknown_attendees: tuple[str, ...]
    needs_review: bool
    reasons: tuple[str, ...]
    language: str = "de"  # "de" or "en": the language to answer in
    actions: tuple[Action, ...] = ()  # every register/cancel the mail asks for (first = intent/event)
    failures: tuple[DeliveryFailure, ...] = ()  # for bounces
    no_reply: bool = False  # never answer this sender automatically
    request: str = ""  # a question the bot answers itself: "access_data" or "status" (see classify.py)
    # What staff must still do after the automatic handling ("Frage im Text", "Änderung am Verteiler"):
    # the mail is registered or cancelled and also set aside for a person.
    for_staff: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The object interface.md fixes (without the "file" key)."""
        return {
            "intent": self.intent.value,
            "event": self.event,
            "attendees": [{"email": a.email, "name": a.name} for a in self.attendees],
            "unknown_attendees": list(self.unknown_attendees),
            "needs_review": self.needs_review,
            "reasons": list(self.reasons),
        }
