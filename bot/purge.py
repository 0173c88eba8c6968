"""Data protection: delete the personal data of events that ended more than [retention].days ago.

Describe, then act: `plan_purge` lists what would go (for `purge --dry-run`, the command's output and
the digest), `apply_purge` deletes it in the caller's transaction. The store writes a whole new
snapshot on commit, so nothing deleted lingers in the file.

What goes: the event's registrations and every mail in the outbox about it; of each message record
about it, everything a person wrote or is named by (sender, subject, excerpt, reasons, the stored
decision, threading). What stays: the record's Message-ID and key, so the same mail is still
recognised and never handled twice, and the job runs (no personal data; they keep the deadline jobs
from running again). Records and mails not tied to any event (questions, auto replies, the digest)
go the same way once they are older than the retention period, unless a mail still awaits staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.config import Config
from bot.records import MessageRecord, OutgoingMail
from bot.store import PENDING_MAIL, Store, Transaction

NO_EVENT = "ohne Treffen"
PURGED = "personenbezogene Daten gelöscht (Aufbewahrungsfrist)"


@dataclass
class PurgePart:
    label: str  # the event id, or NO_EVENT
    registrations: list[str] = field(default_factory=list)  # keys
    messages: list[MessageRecord] = field(default_factory=list)  # records to strip
    mails: list[str] = field(default_factory=list)  # purposes

    def describe(self) -> str:
        return (
            f"{self.label}: {len(self.registrations)} Anmeldung(en), "
            f"{len(self.messages)} Nachricht(en), {len(self.mails)} Mail(s)"
        )

    @property
    def empty(self) -> bool:
        return not (self.registrations or self.messages or self.mails)


@dataclass
class PurgePlan:
    cutoff: datetime  # what ended (or happened) before this goes
    parts: dict[str, PurgePart] = field(default_factory=dict)

    def part(self, label: str) -> PurgePart:
        return self.parts.setdefault(label, PurgePart(label))

    @property
    def empty(self) -> bool:
        return all(p.empty for p in self.parts.values())

    def note(self) -> str:
        if self.empty:
            return "nichts gelöscht"
        return "; ".join(p.describe() for p in self.parts.values() if not p.empty)


def plan_purge(config: Config, store: Store, now: datetime) -> PurgePlan:
    plan = PurgePlan(cutoff=now - timedelta(days=config.retention.days))
    known = {e.id for e in config.events}
    expired = {e.id for e in config.events if e.ends < plan.cutoff}

    def gone(event: str | None, moment: datetime) -> bool:
        # An event no longer in config is judged by the record's own age.
        return event in expired or (event not in known and moment < plan.cutoff)

    for reg in store.registrations():
        if gone(reg.event, reg.updated_at):
            plan.part(reg.event).registrations.append(reg.key)
    for rec in store.messages():
        if _personal(rec) and gone(rec.event, rec.handled_at) and not _still_open(rec, known):
            plan.part(rec.event or NO_EVENT).messages.append(rec)
    for mail in store.outbox():
        if gone(mail.event, mail.created_at) and _finished(mail, mail.event in expired):
            plan.part(mail.event or NO_EVENT).mails.append(mail.purpose)
    return plan


def _personal(rec: MessageRecord) -> bool:
    return bool(
        rec.sender
        or rec.sender_name
        or rec.subject
        or rec.excerpt
        or rec.reasons
        or rec.classification
        or rec.in_reply_to
        or rec.references
        or rec.error
    )


def _still_open(rec: MessageRecord, known: set[str]) -> bool:
    # A mail of an ended event that still awaits staff is moot; one about nothing in particular is not.
    return rec.review_open and rec.event not in known


def _finished(mail: OutgoingMail, event_expired: bool) -> bool:
    # A mail still waiting to go is kept, unless its event is long over anyway.
    return event_expired or mail.status.value not in PENDING_MAIL


def strip(rec: MessageRecord) -> MessageRecord:
    return replace(
        rec,
        sender="",
        sender_name="",
        subject="",
        excerpt="",
        reasons=[],
        classification={},
        in_reply_to="",
        references=[],
        error="",
        review_open=False,
        resolution=rec.resolution or PURGED,
    )


def apply_purge(plan: PurgePlan, tx: Transaction) -> None:
    for part in plan.parts.values():
        tx.delete_registrations(part.registrations)
        tx.delete_mails(part.mails)
        for rec in part.messages:
            tx.put_message(strip(rec))
