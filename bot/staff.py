"""What staff do by hand: settle a mail put before them, add or cancel a person, send a mail again.

Each operation works inside the caller's store transaction and returns plain results (what changed,
which mails were queued, in words); the commands in bot/commands/ print them and send the mail.
`resolve` reuses the worker's own planning (bot/actions.py): the member gets exactly the mail a
confident classification would have sent, under the same purpose, so never twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.actions import Planner, apply
from bot.classify import Reading
from bot.config import Config, Event
from bot.errors import BotError, UsageError
from bot.mails import MailFactory
from bot.models import Action, Address, Classification, Intent, MachineKind, MachineVerdict, ParsedMail
from bot.records import MessageRecord, Outcome, OutgoingMail, Registration, RegStatus
from bot.reviews import find_record, review_id
from bot.store import Store, Transaction

ADDRESS = re.compile(r"[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+\.[^\s@<>(),;:\"\[\]]+")
RESOLUTIONS = ("register", "cancel", "ignore")
RESEND_KINDS = ("access_data", "confirmation")


@dataclass
class Result:
    """What an operation did: lines for the terminal and the mails it queued."""

    lines: list[str] = field(default_factory=list)
    queued: list[OutgoingMail] = field(default_factory=list)

    def queue(self, tx: Transaction, mail: OutgoingMail | None) -> None:
        if mail is not None and tx.queue_mail(mail):
            self.queued.append(mail)
            self.lines.append(f"Mail „{mail.subject}“ an {mail.to} eingereiht")


# ---- resolve ----------------------------------------------------------------------------------


def resolve(
    config: Config,
    store: Store,
    tx: Transaction,
    mails: MailFactory,
    ident: str,
    as_: str,
    event: Event | None,
    now: datetime,
) -> Result:
    record = find_record(store, ident)
    if not record.review_open:
        raise BotError(
            f"die Mail {review_id(record.key)} ist schon erledigt ({record.resolution or 'vom Bot'})"
        )
    result = Result()
    if as_ == "ignore":
        settled = _settled(record, "ignoriert", now)
        tx.put_message(settled)
        result.lines.append(f"{review_id(record.key)}: als erledigt markiert, keine Mail")
        return result
    target = event or _stored_event(config, record)
    classification = classification_for(record, Intent(as_), target)
    plan = Planner(config, store, mails).plan_for(
        reading_of(record, classification), record.key, record.folder, record.uid, record.uidvalidity, now
    )
    plan.record = replace(_settled(record, f"{as_} {target.id}", now), event=target.id)
    apply(plan, tx)
    result.lines.extend(plan.steps)
    result.queued.extend(plan.mails)
    return result


def _stored_event(config: Config, record: MessageRecord) -> Event:
    if record.event:
        try:
            return config.event(record.event)
        except KeyError:
            pass
    raise UsageError("welches Treffen? Die Mail nennt keines: bitte --event ID angeben")


def classification_for(record: MessageRecord, intent: Intent, event: Event) -> Classification:
    """The decision staff made, in the form a confident classification has."""
    people = _stored_attendees(record)
    if not people:
        raise BotError(f"die Mail {review_id(record.key)} hat keine Absenderadresse; bitte `add` benutzen")
    reason = f"von der Geschäftsstelle entschieden: {intent.value} {event.id}"
    return Classification(
        intent,
        event.id,
        people,
        (),
        False,
        (reason,),
        language=record.language,
        actions=(Action(intent, event.id, people),),
    )


def _stored_attendees(record: MessageRecord) -> tuple[Address, ...]:
    stored = record.classification.get("attendees") or []
    people = tuple(
        Address(str(a["email"]).lower(), str(a.get("name") or ""))
        for a in stored
        if isinstance(a, dict) and a.get("email")
    )
    if people:
        return people
    return (Address(record.sender, record.sender_name),) if record.sender else ()


def reading_of(record: MessageRecord, classification: Classification) -> Reading:
    """The mail as the record remembers it: enough to answer in its thread."""
    sender = Address(record.sender, record.sender_name) if record.sender else None
    date = datetime.fromisoformat(record.date) if record.date else None
    mail = ParsedMail(
        raw_size=0,
        headers={},
        subject=record.subject,
        sender=sender,
        reply_to=(),
        to=(),
        cc=(),
        message_id=record.message_id or None,
        in_reply_to=(record.in_reply_to,) if record.in_reply_to else (),
        references=tuple(record.references),
        date=date,
        content_type="text/plain",
        body_text="",
        body_was_html=False,
        reply_text="",
        quoted_text="",
        forwarded_text="",
    )
    verdict = MachineVerdict(MachineKind.HUMAN)
    return Reading(mail=mail, verdict=verdict, at=date or record.handled_at, result=classification)


def _settled(record: MessageRecord, how: str, now: datetime) -> MessageRecord:
    stamp = now.strftime("%d.%m.%Y %H:%M")
    outcome = Outcome.HANDLED if not how.startswith("ignoriert") else record.outcome
    return replace(record, review_open=False, resolution=f"{how} (Geschäftsstelle, {stamp})", outcome=outcome)


# ---- add and cancel by hand ----------------------------------------------------------------------


def address_arg(text: str) -> str:
    email = text.strip().lower()
    if not ADDRESS.fullmatch(email):
        raise UsageError(f"keine gültige Mail-Adresse: {text!r}")
    return email


def _entry(status: RegStatus, reason: str, now: datetime) -> dict[str, str]:
    return {"at": now.isoformat(), "status": status.value, "source": f"Geschäftsstelle: {reason}"}


def add(
    store: Store,
    tx: Transaction,
    mails: MailFactory,
    event: Event,
    person: Address,
    organisation: str,
    reason: str,
    notify: bool,
    now: datetime,
) -> Result:
    result = Result()
    current = store.registration(event.id, person.email)
    if current is not None and current.status is RegStatus.REGISTERED:
        result.lines.append(f"{person.email} ist für {event.id} schon angemeldet; nichts geändert")
        return result
    reg = _registered(current, event, person, organisation, reason, now)
    tx.put_registration(reg)
    result.lines.append(f"{person.email}: angemeldet für {event.id} ({reason})")
    _capacity_note(store, event, result)
    released = _access_released(event, now)
    if notify:
        purpose = f"by_hand:confirmation:{event.id}:{reg.email}:{now.isoformat()}"
        result.queue(tx, mails.by_hand("confirmation", event, reg, now, purpose, access_now=released))
        if released:
            result.queue(tx, mails.access_data(event, reg, now))
    elif released:
        result.lines.append(
            "Hinweis: die Zugangsdaten sind schon verschickt; "
            f"`anmeldebot resend access_data --event {event.id} --to {reg.email}` sendet sie"
        )
    return result


def _registered(
    current: Registration | None, event: Event, person: Address, organisation: str, reason: str, now: datetime
) -> Registration:
    entry = _entry(RegStatus.REGISTERED, reason, now)
    if current is None:
        return Registration.first(
            event.id,
            person.email,
            person.name,
            RegStatus.REGISTERED,
            now,
            "",
            entry["source"],
            organisation=organisation,
        )
    return replace(
        current,
        status=RegStatus.REGISTERED,
        updated_at=now,
        name=person.name or current.name,
        organisation=organisation or current.organisation,
        history=[*current.history, entry],
    )


def _capacity_note(store: Store, event: Event, result: Result) -> None:
    if event.capacity is None:
        return
    taken = store.count(event.id, RegStatus.REGISTERED)
    if taken > event.capacity:
        result.lines.append(f"Hinweis: damit sind {taken} von {event.capacity} Plätzen belegt")


def _access_released(event: Event, now: datetime) -> bool:
    return (
        event.access is not None
        and bool(event.access.url)
        and event.access_data_at is not None
        and now >= event.access_data_at
    )


def cancel(
    store: Store,
    tx: Transaction,
    mails: MailFactory,
    event: Event,
    email: str,
    reason: str,
    notify: bool,
    now: datetime,
) -> Result:
    result = Result()
    current = store.registration(event.id, email)
    if current is None:
        raise UsageError(f"{email} ist für {event.id} nicht bekannt")
    if current.status is RegStatus.CANCELLED:
        result.lines.append(f"{email} ist für {event.id} schon abgemeldet; nichts geändert")
        return result
    was = current.status
    entry = _entry(RegStatus.CANCELLED, reason, now)
    reg = replace(current, status=RegStatus.CANCELLED, updated_at=now, history=[*current.history, entry])
    tx.put_registration(reg)
    result.lines.append(f"{email}: abgemeldet von {event.id} ({reason})")
    if notify:
        purpose = f"by_hand:cancellation:{event.id}:{email}:{now.isoformat()}"
        result.queue(tx, mails.by_hand("cancellation", event, reg, now, purpose, access_now=False))
    if was is RegStatus.REGISTERED and event.capacity is not None:
        _move_up(store, tx, mails, event, now, result)
    return result


def _move_up(
    store: Store, tx: Transaction, mails: MailFactory, event: Event, now: datetime, result: Result
) -> None:
    # The same rule as the worker's (actions.Planner._promote): a freed seat goes to the first on
    # the waiting list, in order of arrival, who is told by mail.
    waiting = [r for r in store.registrations(event.id) if r.status is RegStatus.WAITLISTED]
    if not waiting:
        return
    first = waiting[0]
    first.status = RegStatus.REGISTERED
    first.updated_at = now
    first.history.append({"at": now.isoformat(), "status": "registered", "source": "Nachrücker"})
    tx.put_registration(first)
    result.lines.append(f"{first.email} rückt von der Warteliste nach")
    result.queue(tx, mails.moved_up(event, first, now))


# ---- resend -------------------------------------------------------------------------------------


def resend(
    store: Store,
    tx: Transaction,
    mails: MailFactory,
    kind: str,
    event: Event,
    to: str | None,
    now: datetime,
) -> Result:
    if kind == "access_data" and (event.access is None or not event.access.url):
        raise UsageError(f"{event.id} hat keine Zugangsdaten ([events.access] fehlt)")
    result = Result()
    for reg in _recipients(store, event, to):
        purpose = f"resend:{kind}:{event.id}:{reg.email}:{now.isoformat()}"
        if kind == "access_data":
            mail = mails.access_data(event, reg, now, purpose=purpose)
        else:
            mail = mails.by_hand("confirmation", event, reg, now, purpose, access_now=False)
        result.queue(tx, mail)
    if not result.queued:
        result.lines.append("nichts gesendet (schon zu dieser Zeit eingereiht?)")
    return result


def _recipients(store: Store, event: Event, to: str | None) -> list[Registration]:
    registered = [r for r in store.registrations(event.id) if r.status is RegStatus.REGISTERED]
    if to is None:
        if not registered:
            raise UsageError(f"für {event.id} ist niemand angemeldet")
        return registered
    chosen = [r for r in registered if r.email == to]
    if not chosen:
        # Never to an address that is not registered: access data are for participants only.
        raise UsageError(f"{to} ist für {event.id} nicht angemeldet")
    return chosen
