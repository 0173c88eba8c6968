"""Each kind of mail the bot writes, as an `OutgoingMail` ready to store: rendered, built, keyed.

The `purpose` of a mail names what it is for and to whom; the store refuses a second mail with the
same purpose, which is what makes "never twice" hold across crashes and restarts:

    confirmation:<event>:<email>:<source>     one per registration mail
    access_data:<event>:<email>               once per person and event, ever
    reminder:<event>:<offset>:<email>         once per reminder and person
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import dates
from bot.classify import Reading
from bot.compose import (
    Attachment,
    Templates,
    Threading,
    build_message,
    event_context,
    greeting,
    make_message_id,
)
from bot.config import Config, Event, Secret
from bot.ics import calendar_file
from bot.models import Address
from bot.records import MailStatus, OutgoingMail, Registration, RegStatus

AUTO_REPLIED = "auto-replied"  # RFC 3834: an answer to a mail
AUTO_GENERATED = "auto-generated"  # RFC 3834: mail on the bot's own schedule


@dataclass
class MailFactory:
    config: Config
    templates: Templates
    secret: Callable[[Secret], str]  # reads a secret (the passcode) when a mail needs it

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
    ) -> OutgoingMail:
        by = self._registered_by(reading, person)
        access_now = (
            event.access_data_at is not None and now >= event.access_data_at and event.access is not None
        )
        ctx = {"registered_by": by, "late": late, "access_now": access_now, "already": already is not None}
        ics = self._ics(event, person, "confirmation", now)
        return self._reply(reading, "confirmation", event, person, now, ctx, (ics,), threaded=not by)

    def cancellation(
        self, reading: Reading, event: Event, person: Address, now: datetime, *, was_registered: bool
    ) -> OutgoingMail:
        attachments = (self._ics(event, person, "cancellation", now),) if was_registered else ()
        ctx = {"was_registered": was_registered}
        own = reading.mail.sender is not None and reading.mail.sender.email == person.email
        return self._reply(reading, "cancellation", event, person, now, ctx, attachments, threaded=own)

    def waitlisted(self, reading: Reading, event: Event, person: Address, now: datetime) -> OutgoingMail:
        late = (reading.mail.date or now) > event.registration_deadline
        return self._reply(reading, "waitlisted", event, person, now, {"late": late}, (), threaded=True)

    def late_declined(self, reading: Reading, event: Event, person: Address, now: datetime) -> OutgoingMail:
        return self._reply(reading, "late_declined", event, person, now, {}, (), threaded=True)

    def registered_others(
        self, reading: Reading, event: Event, others: list[Address], now: datetime
    ) -> OutgoingMail | None:
        sender = reading.mail.sender
        if sender is None:
            return None
        ctx = {"others": [{"name": p.name, "email": p.email} for p in others]}
        return self._reply(
            reading,
            "registered_others",
            event,
            Address(sender.email, sender.name),
            now,
            ctx,
            (),
            threaded=True,
        )

    def review_ack(self, reading: Reading, now: datetime) -> OutgoingMail | None:
        sender = reading.mail.sender
        if sender is None:
            return None
        return self._reply(
            reading, "review_ack", None, Address(sender.email, sender.name), now, {}, (), threaded=True
        )

    # ---- mail on the bot's own schedule ------------------------------------------------------

    def moved_up(self, event: Event, reg: Registration, now: datetime) -> OutgoingMail:
        purpose = f"moved_up:{event.id}:{reg.email}:{len(reg.history)}"
        person = Address(reg.email, reg.name)
        attachments = (self._ics(event, person, "confirmation", now),)
        return self._scheduled(purpose, "moved_up", event, person, reg.language, now, {}, attachments)

    def access_data(
        self, event: Event, reg: Registration, now: datetime, *, purpose: str | None = None
    ) -> OutgoingMail | None:
        if event.access is None or not event.access.url:
            return None
        person = Address(reg.email, reg.name)
        ics = self._ics(event, person, "access_data", now, join_url=event.access.url)
        ctx = {"access": self.access_context(event)}
        key = purpose or f"access_data:{event.id}:{reg.email}"
        return self._scheduled(key, "access_data", event, person, reg.language, now, ctx, (ics,))

    def reminder(self, event: Event, reg: Registration, offset: str, now: datetime) -> OutgoingMail:
        person = Address(reg.email, reg.name)
        access = self.access_context(event) if event.access is not None and event.access.url else None
        purpose = f"reminder:{event.id}:{offset}:{reg.email}"
        return self._scheduled(purpose, "reminder", event, person, reg.language, now, {"access": access}, ())

    def access_context(self, event: Event) -> dict[str, Any]:
        access = event.access
        assert access is not None
        return {
            "url": access.url,
            "meeting_id": access.meeting_id,
            "passcode": self.secret(access.passcode) if access.passcode else None,
            "phone": access.phone,
            "room_opens": dates.clock(access.room_opens) if access.room_opens else None,
            "support_phone": access.support_phone,
            "requirements": access.requirements,
        }

    # ---- building ------------------------------------------------------------------------------

    def _context(
        self, event: Event | None, person: Address, lang: str, extra: Mapping[str, Any]
    ) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "greeting": greeting(person.name, lang),
            "person": {"name": person.name, "email": person.email},
            "association": self.config.association or "Die Geschäftsstelle",
            "registered_by": "",
            "late": False,
            "access_now": False,
            "was_registered": True,
            "already": False,
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
    ) -> OutgoingMail:
        mail = reading.mail
        source = mail.message_id or ""
        purpose = f"{kind}:{event.id if event else '-'}:{person.email}:{source}"
        lang = reading.result.language
        thread = None
        if threaded and mail.message_id:
            thread = Threading(mail.message_id, mail.references, mail.subject)
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
    ) -> OutgoingMail:
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

    def _registered_by(self, reading: Reading, person: Address) -> str:
        sender = reading.mail.sender
        if sender is None or sender.email == person.email:
            return ""
        return sender.name or sender.email

    def _ics(
        self, event: Event, person: Address, kind: str, now: datetime, join_url: str | None = None
    ) -> Attachment:
        smtp = self.config.require_smtp()
        return calendar_file(
            event,
            email=person.email,
            name=person.name,
            organizer=smtp.sender_email,
            domain=self.config.message_id_domain,
            kind=kind,
            stamp=now,
            join_url=join_url,
        )
