"""Realistic sample mails: what `preview` shows, and what every sending command renders at start.

`VARIANTS` lists, per kind, the situations a template must handle (early or late, for oneself or a
colleague, before or after the access data went out, ...). `check_templates` renders every variant
for every event in both languages through the real `MailFactory`, so a template that needs a value
config lacks, or a promise config cannot keep (access data without a join link), stops the command
before it reads a single mail, with the template file and the event key in the message. `preview`
shows the first variant of a kind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType

import jinja2

from bot.classify import Reading
from bot.compose import LANGUAGES
from bot.config import Config, Event
from bot.errors import ConfigError
from bot.mails import MailFactory
from bot.models import Action, Address, Classification, Intent, MachineKind, MachineVerdict, ParsedMail
from bot.parse import parse
from bot.records import OutgoingMail, Registration, RegStatus

MEMBER = Address("anna.beispiel@stadt-wetzlar.de", "Anna Beispiel")
COLLEAGUE = Address("bernd.muster@stadt-wetzlar.de", "Bernd Muster")
SECOND_COLLEAGUE = Address("carla.probe@landkreis-goettingen.de", "Carla Probe")
ONLINE_WORDS = re.compile(r"\b(?:zoom|online|video\w*|webex|jitsi|bigbluebutton)\b", re.IGNORECASE)

Build = Callable[[MailFactory, Event, str], "OutgoingMail | None"]


@dataclass(frozen=True)
class Variant:
    kind: str
    label: str  # the situation, shown when its rendering fails
    build: Build


# ---- moments typical for each situation ---------------------------------------------------------


def early(event: Event) -> datetime:
    """A week before the deadline (or before the access data, whichever comes first)."""
    first = min(event.registration_deadline, event.access_data_at or event.starts)
    return (first - timedelta(days=7)).replace(hour=10, minute=0)


def late(event: Event) -> datetime:
    return min(event.registration_deadline + timedelta(hours=1), event.starts)


def after_access(event: Event) -> datetime:
    return (event.access_data_at or event.starts - timedelta(days=1)) + timedelta(hours=1)


# ---- the member's mail we answer ----------------------------------------------------------------


def reading(
    event: Event,
    lang: str,
    at: datetime,
    attendees: tuple[Address, ...] = (MEMBER,),
    intent: Intent = Intent.REGISTER,
    sender: Address = MEMBER,
) -> Reading:
    """A member's reply to the invitation, parsed as the worker would see it, and its reading."""
    mail = _member_mail(event, lang, at, sender, intent)
    action = (Action(intent, event.id, attendees),) if intent in (Intent.REGISTER, Intent.CANCEL) else ()
    result = Classification(
        intent,
        event.id if action else None,
        attendees if action else (),
        (),
        False,
        ("Beispiel",),
        language=lang,
        actions=action,
    )
    return Reading(mail=mail, verdict=MachineVerdict(MachineKind.HUMAN), at=at, result=result)


@functools.lru_cache(maxsize=512)
def _member_mail(event: Event, lang: str, at: datetime, sender: Address, intent: Intent) -> ParsedMail:
    # Parsing is the slow part of a sample and its result is immutable: parse each kind of reply once.
    return parse(_reply_bytes(event, lang, at, sender, intent))


def _reply_bytes(event: Event, lang: str, at: datetime, sender: Address, intent: Intent) -> bytes:
    words = {
        (Intent.REGISTER, "de"): "Hiermit melde ich mich für das Treffen an.",
        (Intent.REGISTER, "en"): "I would like to register for the meeting.",
        (Intent.CANCEL, "de"): "Leider kann ich doch nicht teilnehmen.",
        (Intent.CANCEL, "en"): "Unfortunately I cannot attend after all.",
    }
    msg = EmailMessage()
    msg["From"] = f"{sender.name} <{sender.email}>"
    msg["To"] = "info@example.org"
    msg["Subject"] = "AW: " + (event.invitation_subject or f"Einladung: {event.title}")
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<beispiel.{event.id}.{intent.value}@{sender.email.partition('@')[2]}>"
    if event.invitation_message_id:
        msg["In-Reply-To"] = event.invitation_message_id
        msg["References"] = event.invitation_message_id
    msg.set_content(words.get((intent, lang), "Ich habe eine Frage zum Treffen."))
    return msg.as_bytes()


def registration(event: Event, lang: str, person: Address = MEMBER) -> Registration:
    return Registration.first(
        event.id,
        person.email,
        person.name,
        RegStatus.REGISTERED,
        early(event),
        "<beispiel@stadt-wetzlar.de>",
        "Beispiel",
        language=lang,
    )


# ---- the variants, per kind ---------------------------------------------------------------------


def _confirmation(
    at: Callable[[Event], datetime], *, is_late: bool = False, already: RegStatus | None = None
) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        return f.confirmation(reading(e, lang, at(e)), e, MEMBER, at(e), late=is_late, already=already)

    return build


def _for_colleague(kind: str) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        at = late(e) if kind == "late_declined" else early(e)
        r = reading(e, lang, at, attendees=(COLLEAGUE,))
        if kind == "late_declined":
            return f.late_declined(r, e, COLLEAGUE, at)
        if kind == "waitlisted":
            return f.waitlisted(r, e, COLLEAGUE, at)
        return f.confirmation(r, e, COLLEAGUE, at)

    return build


def _by_hand(kind: str) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        purpose = f"by_hand:{kind}:{e.id}:{MEMBER.email}:beispiel"
        return f.by_hand(kind, e, registration(e, lang), early(e), purpose, access_now=False)

    return build


def _with_colleagues(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
    r = reading(e, lang, early(e), attendees=(MEMBER, COLLEAGUE, SECOND_COLLEAGUE))
    return f.confirmation(r, e, MEMBER, early(e))


def _others(*statuses: RegStatus) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        people = (COLLEAGUE, SECOND_COLLEAGUE)[: len(statuses)]
        r = reading(e, lang, early(e), attendees=people)
        known = {p.email: s for p, s in zip(people, statuses, strict=True)}
        return f.registered_others(r, e, list(people), early(e), known)

    return build


def _waitlisted(at: Callable[[Event], datetime]) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        return f.waitlisted(reading(e, lang, at(e)), e, MEMBER, at(e))

    return build


def _still_waiting(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
    return f.confirmation(reading(e, lang, early(e)), e, MEMBER, early(e), already=RegStatus.WAITLISTED)


def _late_declined(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
    return f.late_declined(reading(e, lang, late(e)), e, MEMBER, late(e))


def _cancellation(was_registered: bool, by_colleague: bool = False) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        person = COLLEAGUE if by_colleague else MEMBER
        r = reading(e, lang, early(e), attendees=(person,), intent=Intent.CANCEL)
        return f.cancellation(r, e, person, early(e), was_registered=was_registered)

    return build


def _review_ack(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
    return f.review_ack(reading(e, lang, early(e), attendees=(), intent=Intent.QUESTION), early(e))


def _status(*statuses: RegStatus) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        r = reading(e, lang, early(e), attendees=(), intent=Intent.QUESTION)
        return f.status(r, [(e, status) for status in statuses], early(e))

    return build


def _moved_up(at: Callable[[Event], datetime]) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        return f.moved_up(e, registration(e, lang), at(e))

    return build


def _access_data(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
    return f.access_data(e, registration(e, lang), e.access_data_at or e.starts - timedelta(days=1))


def _reminder(before: timedelta, name: str) -> Build:
    def build(f: MailFactory, e: Event, lang: str) -> OutgoingMail | None:
        return f.reminder(e, registration(e, lang), name, e.starts - before)

    return build


VARIANTS: tuple[Variant, ...] = (
    Variant("confirmation", "Anmeldung vor dem Anmeldeschluss", _confirmation(early)),
    Variant("confirmation", "Anmeldung nach dem Anmeldeschluss", _confirmation(late, is_late=True)),
    Variant("confirmation", "Anmeldung nach dem Versand der Zugangsdaten", _confirmation(after_access)),
    Variant("confirmation", "schon angemeldet", _confirmation(early, already=RegStatus.REGISTERED)),
    Variant("confirmation", "von einem Kollegen angemeldet", _for_colleague("confirmation")),
    Variant("confirmation", "mit zwei Kollegen angemeldet", _with_colleagues),
    Variant(
        "registered_others", "zwei Kollegen angemeldet", _others(RegStatus.REGISTERED, RegStatus.WAITLISTED)
    ),
    Variant("confirmation", "von der Geschäftsstelle eingetragen", _by_hand("confirmation")),
    Variant("registered_others", "ein Kollege, zu spät", _others(RegStatus.DECLINED)),
    Variant("waitlisted", "ausgebucht", _waitlisted(early)),
    Variant("waitlisted", "nach dem Anmeldeschluss", _waitlisted(late)),
    Variant("waitlisted", "schon auf der Warteliste", _still_waiting),
    Variant("waitlisted", "von einem Kollegen angemeldet", _for_colleague("waitlisted")),
    Variant("late_declined", "nach dem Anmeldeschluss", _late_declined),
    Variant("late_declined", "von einem Kollegen, zu spät", _for_colleague("late_declined")),
    Variant("cancellation", "war angemeldet", _cancellation(True)),
    Variant("cancellation", "war nicht angemeldet", _cancellation(False)),
    Variant("cancellation", "von einem Kollegen abgemeldet", _cancellation(True, by_colleague=True)),
    Variant("cancellation", "von der Geschäftsstelle abgemeldet", _by_hand("cancellation")),
    Variant("review_ack", "Frage an die Geschäftsstelle", _review_ack),
    Variant("status", "angemeldet", _status(RegStatus.REGISTERED)),
    Variant(
        "status",
        "jeder Stand einmal",
        _status(RegStatus.REGISTERED, RegStatus.WAITLISTED, RegStatus.CANCELLED, RegStatus.DECLINED),
    ),
    Variant("status", "keine Anmeldung", _status()),
    Variant("moved_up", "vor dem Versand der Zugangsdaten", _moved_up(early)),
    Variant("moved_up", "nach dem Versand der Zugangsdaten", _moved_up(after_access)),
    Variant("access_data", "Zugangsdaten", _access_data),
    Variant("reminder", "am Vortag", _reminder(timedelta(days=1), "1d")),
    Variant("reminder", "am selben Tag", _reminder(timedelta(hours=2), "2h")),
)


def sample(factory: MailFactory, kind: str, event: Event, lang: str) -> OutgoingMail | None:
    """The typical mail of this kind for this event (None: this event has no such mail)."""
    variant = next(v for v in VARIANTS if v.kind == kind)
    return variant.build(factory, event, lang)


# ---- the start-up check -------------------------------------------------------------------------


def check_templates(factory: MailFactory) -> int:
    """Render every variant for every event in both languages; returns how many mails were rendered.

    Raises ConfigError naming the template file (and line) and the event, or the config key.
    """
    config = factory.config
    factory = replace(factory, assemble=False)  # templates only: the message code is not in question
    rendered = 0
    for event in config.events:
        check_access_promise(config, event)
        for lang in LANGUAGES:
            for variant in VARIANTS:
                try:
                    variant.build(factory, event, lang)
                except jinja2.TemplateError as exc:
                    raise _template_error(factory, variant, event, lang, exc) from None
                rendered += 1
    return rendered


def check_access_promise(config: Config, event: Event) -> None:
    """An event whose mails promise access data must have a join link to send."""
    has_link = event.access is not None and bool(event.access.url)
    if has_link:
        return
    key = f"events.{event.id}.access.url"
    if event.access_data_at is not None:
        raise ConfigError(
            config.path, key, "missing: access_data_at promises the access data, but there is no join link"
        )
    if ONLINE_WORDS.search(event.location):
        raise ConfigError(
            config.path, key, f"missing: the location {event.location!r} is online, but there is no join link"
        )


def _template_error(
    factory: MailFactory, variant: Variant, event: Event, lang: str, exc: jinja2.TemplateError
) -> ConfigError:
    path, line = _where(exc)
    file = Path(path) if path else factory.templates.path(variant.kind, lang)
    where = f"line {line}: " if line else ""
    problem = f"{where}{exc.message or type(exc).__name__} (language {lang}, case: {variant.label})"
    return ConfigError(file, f"events.{event.id}", problem)


def _where(exc: jinja2.TemplateError) -> tuple[str, int]:
    """The template file and line that failed: from a syntax error, else the innermost template frame."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    found = ("", 0)
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
