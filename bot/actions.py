"""What the bot does about one classified mail: describe it as a `Plan`, then apply the plan.

`plan_for` reads the store (who is registered, how full the event is, how many answers this sender
got today) and returns plain data: the registrations to write, the mails to queue, the folder the
mail goes to, and a line per step for the log and for dry runs. `apply` writes it in the running
transaction. Nothing here talks to a server.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.classify import Reading
from bot.config import Config, Event
from bot.mails import MailFactory
from bot.models import Action, Address, DeliveryFailure, Intent, MachineKind
from bot.records import MessageRecord, Outcome, OutgoingMail, Registration, RegStatus
from bot.store import Store, Transaction
from bot.text import first_lines

OWN_REPORTS = frozenset({"digest", "summary"})  # X-Anmeldebot-Kind of the reports (bot/reports.py)
REPLY_KINDS = frozenset(
    {
        "confirmation",
        "cancellation",
        "review_ack",
        "waitlisted",
        "late_declined",
        "registered_others",
        "status",
    }
)


@dataclass
class Plan:
    record: MessageRecord
    registrations: list[Registration] = field(default_factory=list)
    mails: list[OutgoingMail] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # what will happen, in words

    def describe(self) -> str:
        head = f"{self.record.sender or '?'}: {self.record.intent} {self.record.event or ''}".strip()
        return "\n".join([head, *(f"  - {s}" for s in self.steps)])


def message_key(message_id: str | None, header_bytes: bytes) -> str:
    """How a mail is recognised when seen again: its Message-ID, else a hash of its header block."""
    if message_id and message_id.strip():
        return message_id.strip()
    return "sha256:" + hashlib.sha256(header_bytes).hexdigest()


def header_bytes(raw: bytes) -> bytes:
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        end = raw.find(b"\n\n")
    return raw[: end if end >= 0 else min(len(raw), 65536)]


@dataclass
class Planner:
    config: Config
    store: Store
    mails: MailFactory

    def plan_for(
        self, reading: Reading, key: str, folder: str, uid: int, uidvalidity: int, now: datetime
    ) -> Plan:
        result = reading.result
        mail = reading.mail
        record = MessageRecord(
            key=key,
            message_id=mail.message_id or "",
            folder=folder,
            uid=uid,
            uidvalidity=uidvalidity,
            handled_at=now,
            outcome=Outcome.HANDLED,
            target_folder=self.config.require_mailbox().done_folder,
            sender=mail.sender.email if mail.sender else "",
            sender_name=mail.sender.name if mail.sender else "",
            subject=mail.subject[:300],
            date=mail.date.isoformat() if mail.date else "",
            intent=result.intent.value,
            event=result.event,
            needs_review=result.needs_review,
            reasons=list(result.reasons),
            excerpt=first_lines(mail.reply_text or mail.body_text),
            classification={
                **result.to_json(),
                "actions": [_action_json(a) for a in result.actions],
                # for the digest: whose mail bounced (the reasons say it only in prose)
                "failures": [_failure_json(f) for f in result.failures],
            },
            in_reply_to=mail.in_reply_to[0] if mail.in_reply_to else "",
            references=list(mail.references[-10:]),
            language=result.language,
        )
        plan = Plan(record)
        if result.intent in (Intent.AUTO_REPLY, Intent.BOUNCE) or (
            result.intent is Intent.OTHER and result.no_reply
        ):
            self._machine(plan, reading)
        elif result.needs_review:
            self._review(plan, reading, now, "Klassifikation unsicher")
        elif result.request:
            self._answer_request(plan, reading, now)
        elif result.intent is Intent.QUESTION:
            self._review(plan, reading, now, "Frage an die Geschäftsstelle")
        elif result.intent in (Intent.REGISTER, Intent.CANCEL):
            for action in result.actions:
                self._act(plan, reading, action, now)
            if result.for_staff:
                plan.record.review_open = True
                plan.record.target_folder = self.config.require_mailbox().review_folder
                plan.steps.append(f"{', '.join(result.for_staff)}: für die Geschäftsstelle markiert")
        else:
            plan.record.outcome = Outcome.IGNORED
            plan.record.target_folder = ""  # unrelated mail stays in the inbox for staff to read
            plan.steps.append("nichts zu tun; bleibt im Posteingang (markiert)")
        return plan

    # ---- questions the bot answers from the store ----------------------------------------------

    def _answer_request(self, plan: Plan, reading: Reading, now: datetime) -> None:
        """'Ich habe die Zugangsdaten nicht bekommen' / 'Bin ich angemeldet?'."""
        sender = reading.mail.sender
        if sender is None:
            self._review(plan, reading, now, "Frage ohne Absenderadresse")
            return
        regs = [
            r for r in self.store.registrations() if r.email == sender.email and self._upcoming(r.event, now)
        ]
        if reading.result.request == "access_data":
            released = [r for r in regs if r.status is RegStatus.REGISTERED and self._released(r.event, now)]
            if released:
                source = reading.mail.message_id or plan.record.key
                for reg in released:
                    purpose = f"access_data_again:{reg.event}:{reg.email}:{source}"
                    self._queue(
                        plan, self.mails.access_data(self.config.event(reg.event), reg, now, purpose=purpose)
                    )
                return
            if not any(r.status is RegStatus.REGISTERED for r in regs):
                self._review(plan, reading, now, "bittet um Zugangsdaten, ist aber nicht angemeldet")
                return
        entries = [(self.config.event(r.event), r.status) for r in regs]
        self._queue(plan, self.mails.status(reading, entries, now))

    def _upcoming(self, event_id: str, now: datetime) -> bool:
        try:
            return self.config.event(event_id).ends > now
        except KeyError:
            return False  # an event no longer in config

    def _released(self, event_id: str, now: datetime) -> bool:
        event = self.config.event(event_id)
        return (
            event.access is not None
            and bool(event.access.url)
            and event.access_data_at is not None
            and now >= event.access_data_at
        )

    # ---- the kinds of handling ----------------------------------------------------------------

    def _machine(self, plan: Plan, reading: Reading) -> None:
        result = reading.result
        plan.record.outcome = Outcome.IGNORED
        plan.record.target_folder = self.config.require_mailbox().done_folder
        own = reading.verdict.kind is MachineKind.OWN
        if own and reading.mail.header("x-anmeldebot-kind") in OWN_REPORTS:
            # Our digest to staff, when staff read this very mailbox: leave it where they look.
            plan.record.target_folder = ""
        if result.intent is Intent.BOUNCE:
            for failure in result.failures:
                plan.steps.append(
                    f"Zustellfehler für {failure.recipient or '?'} ({failure.status or 'ohne Code'})"
                )
        else:
            plan.steps.append(f"{result.intent.value}: keine Antwort")

    def _review(self, plan: Plan, reading: Reading, now: datetime, why: str) -> None:
        plan.record.outcome = Outcome.REVIEW
        plan.record.review_open = True
        plan.record.target_folder = self.config.require_mailbox().review_folder
        plan.steps.append(f"an die Geschäftsstelle: {why}")
        sender = reading.mail.sender
        if sender is None or reading.result.no_reply or reading.verdict.no_reply:
            return
        if self.store.replies_since(sender.email, now - timedelta(days=1), frozenset({"review_ack"})):
            plan.steps.append("Eingangsbestätigung heute schon gesendet")
            return
        self._queue(plan, self.mails.review_ack(reading, now))

    def _act(self, plan: Plan, reading: Reading, action: Action, now: datetime) -> None:
        event = self.config.event(action.event)
        for person in action.attendees:
            if action.intent is Intent.REGISTER:
                self._register(plan, reading, event, person, now)
            else:
                self._cancel(plan, reading, event, person, now)
        sender = reading.mail.sender
        others = [p for p in action.attendees if sender is None or p.email != sender.email]
        sender_absent = sender is not None and all(p.email != sender.email for p in action.attendees)
        if action.intent is Intent.REGISTER and others and sender is not None and sender_absent:
            statuses = {r.email: r.status for r in plan.registrations if r.event == event.id}
            self._queue(plan, self.mails.registered_others(reading, event, others, now, statuses))

    def _register(self, plan: Plan, reading: Reading, event: Event, person: Address, now: datetime) -> None:
        current = self._current(plan, event.id, person.email)
        at = reading.mail.date or now
        if current is not None and current.status in (RegStatus.REGISTERED, RegStatus.WAITLISTED):
            plan.steps.append(f"{person.email} ist schon {current.status.value} für {event.id}")
            self._queue(plan, self.mails.confirmation(reading, event, person, now, already=current.status))
            return
        late = at > event.registration_deadline
        status = self._status_for_new(event, late)
        reg = self._new_registration(reading, event, person, status, now, current)
        plan.registrations.append(reg)
        plan.steps.append(
            f"{person.email}: {status.value} für {event.id}" + (" (nach Anmeldeschluss)" if late else "")
        )
        if status is RegStatus.REGISTERED:
            self._queue(plan, self.mails.confirmation(reading, event, person, now, late=late))
            if event.access_data_at is not None and now >= event.access_data_at and event.access is not None:
                self._queue(plan, self.mails.access_data(event, reg, now))
        elif status is RegStatus.WAITLISTED:
            self._queue(plan, self.mails.waitlisted(reading, event, person, now))
        else:
            self._queue(plan, self.mails.late_declined(reading, event, person, now))

    def _status_for_new(self, event: Event, late: bool) -> RegStatus:
        if late and event.late_policy == "decline":
            return RegStatus.DECLINED
        if late and event.late_policy == "waitlist":
            return RegStatus.WAITLISTED
        if event.capacity is not None and self._registered_count(event.id) >= event.capacity:
            return RegStatus.WAITLISTED
        return RegStatus.REGISTERED

    def _registered_count(self, event_id: str) -> int:
        return self.store.count(event_id, RegStatus.REGISTERED)

    def _cancel(self, plan: Plan, reading: Reading, event: Event, person: Address, now: datetime) -> None:
        current = self._current(plan, event.id, person.email)
        was = current.status if current is not None else None
        if was is RegStatus.CANCELLED:
            plan.steps.append(f"{person.email} war schon abgemeldet")
            self._queue(plan, self.mails.cancellation(reading, event, person, now, was_registered=False))
            return
        reg = self._new_registration(reading, event, person, RegStatus.CANCELLED, now, current)
        plan.registrations.append(reg)
        plan.steps.append(f"{person.email}: abgemeldet von {event.id}")
        if was is None and len(reading.result.actions) > 1:
            # "Am 22.6. nicht, aber für Göttingen melden Sie mich an": the answer about Göttingen
            # is the one that matters; a second mail about a meeting they never joined is noise.
            plan.steps.append("keine eigene Bestätigung der Absage (war nicht angemeldet)")
            return
        self._queue(
            plan,
            self.mails.cancellation(reading, event, person, now, was_registered=was is RegStatus.REGISTERED),
        )
        if was is RegStatus.REGISTERED and event.capacity is not None:
            self._promote(plan, event, now)

    def _promote(self, plan: Plan, event: Event, now: datetime) -> None:
        waiting = [r for r in self.store.registrations(event.id) if r.status is RegStatus.WAITLISTED]
        pending = {r.key: r for r in plan.registrations}
        waiting = [
            pending.get(r.key, r) for r in waiting if pending.get(r.key, r).status is RegStatus.WAITLISTED
        ]
        if not waiting:
            return
        first = waiting[0]
        first.status = RegStatus.REGISTERED
        first.updated_at = now
        first.history.append({"at": now.isoformat(), "status": "registered", "source": "Nachrücker"})
        plan.registrations.append(first)
        plan.steps.append(f"{first.email} rückt von der Warteliste nach")
        self._queue(plan, self.mails.moved_up(event, first, now))

    # ---- helpers -------------------------------------------------------------------------------

    def _current(self, plan: Plan, event_id: str, email: str) -> Registration | None:
        for reg in reversed(plan.registrations):
            if reg.event == event_id and reg.email == email:
                return reg
        return self.store.registration(event_id, email)

    def _new_registration(
        self,
        reading: Reading,
        event: Event,
        person: Address,
        status: RegStatus,
        now: datetime,
        current: Registration | None,
    ) -> Registration:
        mail = reading.mail
        sender = mail.sender.email if mail.sender else ""
        source = mail.message_id or ""
        entry = {"at": now.isoformat(), "status": status.value, "source": f"Mail {source}".strip()}
        if current is not None:
            current.status = status
            current.updated_at = now
            current.source_message_id = source or current.source_message_id
            current.name = person.name or current.name
            current.history.append(entry)
            return current
        return Registration.first(
            event.id,
            person.email,
            person.name,
            status,
            now,
            source,
            entry["source"],
            language=reading.result.language,
            registered_by=sender if sender != person.email else "",
        )

    def _queue(self, plan: Plan, mail: OutgoingMail | None) -> None:
        if mail is None:
            return
        if mail.kind in REPLY_KINDS and self._over_cap(mail.to, plan):
            plan.steps.append(f"keine Antwort an {mail.to}: Tageslimit automatischer Antworten erreicht")
            plan.record.review_open = True
            plan.record.reasons.append("Tageslimit automatischer Antworten erreicht")
            return
        plan.mails.append(mail)
        plan.steps.append(f"Mail {mail.kind} an {mail.to}")

    def _over_cap(self, email: str, plan: Plan) -> bool:
        since = plan.record.handled_at - timedelta(days=1)
        sent = self.store.replies_since(email, since, REPLY_KINDS)
        planned = sum(1 for m in plan.mails if m.to == email and m.kind in REPLY_KINDS)
        return sent + planned >= self.config.policies.auto_replies_per_sender_per_day


def apply(plan: Plan, tx: Transaction) -> None:
    """Write the plan: registrations, the message record and the queued mails."""
    for reg in plan.registrations:
        tx.put_registration(reg)
    for mail in plan.mails:
        tx.queue_mail(mail)
    tx.put_message(plan.record)


def _failure_json(failure: DeliveryFailure) -> dict[str, object]:
    return {"recipient": failure.recipient, "status": failure.status, "permanent": failure.permanent}


def _action_json(action: Action) -> dict[str, object]:
    return {
        "intent": action.intent.value,
        "event": action.event,
        "attendees": [{"email": a.email, "name": a.name} for a in action.attendees],
    }
