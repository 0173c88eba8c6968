"""Each kind of mail the bot writes, as an `OutgoingMail` ready to store: rendered, built, keyed.

The `purpose` of a mail names what it is for and to whom; the store refuses a second mail with the
same purpose, which is what makes "never twice" hold across crashes and restarts:

    confirmation:<event>:<email>:<source>     one per registration mail
    access_data:<event>:<email>               once per person and event, ever
    reminder:<event>:<offset>:<email>         once per reminder and person

Loop safety is enforced here, whoever plans the mail: no mail goes to our own addresses, to a noreply
or MAILER-DAEMON address, or to the sender of a mail that machine detection says must not be
answered (auto replies, bounces, lists, our own mail coming back). Such a mail is simply not made
(the factory returns None, and the planner queues nothing).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import dates
from bot.classify import Reading
from bot.compose import (
    Templates,
    Threading,
    build_message,
    event_context,
    greeting,
    make_message_id,
)
from bot.config import Config, Event, Secret
from bot.eventmatch import EventFinder, strip_subject
from bot.ics import calendar_file
from bot.models import Address, Intent, MachineKind
from bot.records import MailStatus, OutgoingMail, Registration, RegStatus
from bot.wire import Attachment

log = logging.getLogger(__name__)

AUTO_REPLIED = "auto-replied"  # RFC 3834: an answer to a mail
AUTO_GENERATED = "auto-generated"  # RFC 3834: mail on the bot's own schedule
# Mailboxes nobody reads, or that answer by themselves: writing to them starts loops or bounces.
UNANSWERABLE = re.compile(
    r"^(?:(?:no|do[-_.]?not|dont)[-_.]?reply|mailer[-_.]?daemon|postmaster)(?:[-_.+].*)?$", re.IGNORECASE
)


@dataclass
class MailFactory:
    config: Config
    templates: Templates
    secret: Callable[[Secret], str]  # reads a secret (the passcode) when a mail needs it
    # False: render the templates only, build no message and no calendar (raw is ""). The start-up
    # check (bot/samples.py) renders some 150 mails; building them all would take seconds.
    assemble: bool = True

    # ---- answers to a member's mail ---------------------------------------------------------

    def confirmation(
        self,
        reading: Reading,
        event: Event,
        person: Address,
        now: datetime,
        *,
        late: bool = False,
        already: RegStatus | None = None,
    ) -> OutgoingMail | None:
        if already is RegStatus.WAITLISTED:
            # Asking again does not move anyone up the list: say where they stand.
            return self.waitlisted(reading, event, person, now, already=True)
        by = self._by(reading, person)
        ctx = {
            "registered_by": by,
            "late": late,
            "access_now": self._access_now(event, now),
            "already": already is not None,
            "others": [] if by else self._named_others(reading, event, person),
        }
        ics = self._ics(event, person, "confirmation", now, reading.result.language)
        return self._reply(reading, "confirmation", event, person, now, ctx, (ics,), threaded=not by)

    def cancellation(
        self, reading: Reading, event: Event, person: Address, now: datetime, *, was_registered: bool
    ) -> OutgoingMail | None:
        attachments = (
            (self._ics(event, person, "cancellation", now, reading.result.language),)
            if was_registered
            else ()
        )
        by = self._by(reading, person)
        ctx = {"was_registered": was_registered, "cancelled_by": by}
        return self._reply(reading, "cancellation", event, person, now, ctx, attachments, threaded=not by)

    def waitlisted(
        self, reading: Reading, event: Event, person: Address, now: datetime, *, already: bool = False
    ) -> OutgoingMail | None:
        late = (reading.mail.date or now) > event.registration_deadline
        by = self._by(reading, person)
        ctx = {"late": late, "registered_by": by, "already": already}
        return self._reply(reading, "waitlisted", event, person, now, ctx, (), threaded=not by)

    def late_declined(
        self, reading: Reading, event: Event, person: Address, now: datetime
    ) -> OutgoingMail | None:
        by = self._by(reading, person)
        ctx = {"registered_by": by}
        return self._reply(reading, "late_declined", event, person, now, ctx, (), threaded=not by)

    def registered_others(
        self,
        reading: Reading,
        event: Event,
        others: list[Address],
        now: datetime,
        statuses: Mapping[str, RegStatus] | None = None,
    ) -> OutgoingMail | None:
        """To the sender who registered colleagues only: who was registered, waitlisted or declined."""
        sender = reading.mail.sender
        if sender is None:
            return None
        known = statuses or {}
        rows = [
            {"name": p.name, "email": p.email, "status": known.get(p.email, RegStatus.REGISTERED).value}
            for p in others
        ]
        person = Address(sender.email, sender.name)
        return self._reply(
            reading, "registered_others", event, person, now, {"others": rows}, (), threaded=True
        )

    def review_ack(self, reading: Reading, now: datetime) -> OutgoingMail | None:
        sender = reading.mail.sender
        if sender is None:
            return None
        person = Address(sender.email, sender.name)
        return self._reply(reading, "review_ack", None, person, now, {}, (), threaded=True)

    def status(
        self, reading: Reading, entries: list[tuple[Event, RegStatus]], now: datetime
    ) -> OutgoingMail | None:
        """What the store says about the sender: the answer to "Bin ich angemeldet?"."""
        sender = reading.mail.sender
        if sender is None:
            return None
        lang = reading.result.language
        rows = [
            {
                "event": event_context(event, lang),
                "status": status.value,
                "access_sent": event.access_data_at is not None and now >= event.access_data_at,
            }
            for event, status in entries
        ]
        person = Address(sender.email, sender.name)
        return self._reply(reading, "status", None, person, now, {"entries": rows}, (), threaded=True)

    # ---- mail on the bot's own schedule ------------------------------------------------------

    def moved_up(self, event: Event, reg: Registration, now: datetime) -> OutgoingMail | None:
        purpose = f"moved_up:{event.id}:{reg.email}:{len(reg.history)}"
        person = Address(reg.email, reg.name)
        # Moved up after the access data went out: the access-data job has run, so they come here.
        access = self.access_context(event, reg.language) if self._access_now(event, now) else None
        ics = self._ics(event, person, "access_data" if access else "confirmation", now, reg.language)
        ctx = {"access": access, "access_now": access is not None}
        return self._scheduled(purpose, "moved_up", event, person, reg.language, now, ctx, (ics,))

    def access_data(
        self, event: Event, reg: Registration, now: datetime, *, purpose: str | None = None
    ) -> OutgoingMail | None:
        if event.access is None or not event.access.url:
            return None
        person = Address(reg.email, reg.name)
        access = self.access_context(event, reg.language)
        ics = self._ics(event, person, "access_data", now, reg.language)
        key = purpose or f"access_data:{event.id}:{reg.email}"
        return self._scheduled(
            key, "access_data", event, person, reg.language, now, {"access": access}, (ics,)
        )

    def reminder(self, event: Event, reg: Registration, offset: str, now: datetime) -> OutgoingMail | None:
        person = Address(reg.email, reg.name)
        access = self.access_context(event, reg.language) if event.online else None
        ctx = {"access": access, "soon": dates.relative_day(event.starts, now, reg.language)}
        purpose = f"reminder:{event.id}:{offset}:{reg.email}"
        return self._scheduled(purpose, "reminder", event, person, reg.language, now, ctx, ())

    def by_hand(
        self, kind: str, event: Event, reg: Registration, now: datetime, purpose: str, *, access_now: bool
    ) -> OutgoingMail | None:
        """A confirmation or cancellation for a change staff made by hand (bot/staff.py): no thread."""
        person = Address(reg.email, reg.name)
        if kind == "cancellation":
            ctx: dict[str, Any] = {"was_registered": True, "cancelled_by": ""}
        else:
            ctx = {
                "registered_by": "",
                "late": False,
                "access_now": access_now,
                "already": False,
                "others": [],
            }
        ics = self._ics(event, person, kind, now, reg.language)
        return self._scheduled(purpose, kind, event, person, reg.language, now, ctx, (ics,))

    def access_context(self, event: Event, language: str = "de") -> dict[str, Any]:
        """Every access value of config for the templates; an absent one is None (and never printed)."""
        access = event.access
        assert access is not None
        return {
            "url": access.url,
            "meeting_id": access.meeting_id,
            "passcode": self.secret(access.passcode) if access.passcode else None,
            "phone": access.phone,
            "room_opens": dates.clock(access.room_opens, language) if access.room_opens else None,
            "support_phone": access.support_phone,
            "requirements": access.requirements,
        }

    # ---- who may get mail ----------------------------------------------------------------------

    def may_write(self, person: Address, reading: Reading | None = None) -> str:
        """Why this person must get no automatic mail ("" when they may)."""
        email = person.email.lower()
        if email in self.config.own_addresses:
            return "eigene Adresse"
        if UNANSWERABLE.match(email.rpartition("@")[0]):
            return "Adresse ohne Leser (noreply, MAILER-DAEMON)"
        sender = reading.mail.sender if reading is not None else None
        if reading is not None and sender is not None and sender.email.lower() == email:
            if reading.verdict.kind is not MachineKind.HUMAN or reading.verdict.no_reply:
                return f"Absender ist eine Maschine ({reading.verdict.kind.value})"
            if reading.result.no_reply or reading.result.intent in (Intent.AUTO_REPLY, Intent.BOUNCE):
                return f"Absender nicht beantworten ({reading.result.intent.value})"
        return ""

    # ---- building ------------------------------------------------------------------------------

    def _context(
        self, event: Event | None, person: Address, lang: str, extra: Mapping[str, Any]
    ) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "greeting": greeting(person.name, lang),
            "person": {"name": person.name, "email": person.email},
            "association": self.config.association
            or ("Die Geschäftsstelle" if lang == "de" else "The office"),
        }
        if event is not None:
            ctx["event"] = event_context(event, lang)
        ctx.update(extra)
        return ctx

    def _reply(
        self,
        reading: Reading,
        kind: str,
        event: Event | None,
        person: Address,
        now: datetime,
        extra: Mapping[str, Any],
        attachments: tuple[Attachment, ...],
        *,
        threaded: bool,
    ) -> OutgoingMail | None:
        why_not = self.may_write(person, reading)
        if why_not:
            log.info("keine Mail %s an %s: %s", kind, person.email, why_not)
            return None
        mail = reading.mail
        source = mail.message_id or ""
        purpose = f"{kind}:{event.id if event else '-'}:{person.email}:{source}"
        lang = reading.result.language
        thread = None
        if threaded and mail.message_id:
            # "AW: <their subject>" keeps Outlook's conversation together, unless their subject names
            # another meeting: a Göttingen confirmation must not read "AW: Einladung … 22. Juni".
            subject = mail.subject if self._subject_fits(mail.subject, event) else ""
            thread = Threading(mail.message_id, mail.references, subject)
        return self._make(
            purpose, kind, event, person, lang, now, extra, attachments, thread, AUTO_REPLIED, source
        )

    def _scheduled(
        self,
        purpose: str,
        kind: str,
        event: Event,
        person: Address,
        lang: str,
        now: datetime,
        extra: Mapping[str, Any],
        attachments: tuple[Attachment, ...],
    ) -> OutgoingMail | None:
        why_not = self.may_write(person)
        if why_not:
            log.info("keine Mail %s an %s: %s", kind, person.email, why_not)
            return None
        return self._make(
            purpose, kind, event, person, lang, now, extra, attachments, None, AUTO_GENERATED, ""
        )

    def _make(
        self,
        purpose: str,
        kind: str,
        event: Event | None,
        person: Address,
        lang: str,
        now: datetime,
        extra: Mapping[str, Any],
        attachments: tuple[Attachment, ...],
        thread: Threading | None,
        auto: str,
        source: str,
    ) -> OutgoingMail:
        smtp = self.config.require_smtp()
        rendered = self.templates.render(kind, lang, self._context(event, person, lang, extra))
        message_id = make_message_id(purpose, self.config.message_id_domain)
        raw = ""
        if self.assemble:
            raw = build_message(
                sender=smtp.sender,
                to_email=person.email,
                to_name=person.name,
                rendered=rendered,
                message_id=message_id,
                date=now,
                kind=kind,
                auto_submitted=auto,
                threading=thread,
                language=lang,
                attachments=attachments,
            )
        return OutgoingMail(
            id=message_id.strip("<>").split("@", 1)[0],
            purpose=purpose,
            kind=kind,
            to=person.email,
            status=MailStatus.QUEUED,
            created_at=now,
            raw=raw,
            message_id=message_id,
            subject=rendered.subject,
            event=event.id if event else None,
            source_key=source,
        )

    def _subject_fits(self, subject: str, event: Event | None) -> bool:
        if event is None:
            return True
        named = EventFinder(self.config.events).mentions(strip_subject(subject))
        return not named or event.id in named

    def _by(self, reading: Reading, person: Address) -> str:
        """Who acted for this person, when it was someone else (a colleague registering them)."""
        sender = reading.mail.sender
        if sender is None or sender.email == person.email:
            return ""
        return sender.name or sender.email

    def _named_others(self, reading: Reading, event: Event, person: Address) -> list[dict[str, str]]:
        """The colleagues the sender's mail registers along with them, for the sender's confirmation."""
        others: dict[str, dict[str, str]] = {}
        for action in reading.result.actions:
            if action.intent is Intent.REGISTER and action.event == event.id:
                for p in action.attendees:
                    if p.email != person.email:
                        others.setdefault(p.email, {"name": p.name, "email": p.email})
        return list(others.values())

    @staticmethod
    def _access_now(event: Event, now: datetime) -> bool:
        return event.online and event.access_data_at is not None and now >= event.access_data_at

    def _ics(self, event: Event, person: Address, kind: str, now: datetime, language: str) -> Attachment:
        smtp = self.config.require_smtp()
        event = event.in_language(language)
        if not self.assemble:
            return Attachment(f"{event.id}.ics", b"", "text", "calendar")
        access = event.access if kind == "access_data" else None
        details: tuple[str, ...] = ()
        if access is not None:
            details = tuple(
                f"{label}: {value}"
                for label, value in (("Meeting-ID", access.meeting_id), ("Telefon", access.phone))
                if value
            )
        return calendar_file(
            event,
            email=person.email,
            name=person.name,
            organizer=smtp.sender_email,
            domain=self.config.message_id_domain,
            kind=kind,
            stamp=now,
            join_url=access.url if access is not None else None,
            details=details,
        )
