"""Loading and validating config.toml, once, into typed values.

The keys interface.md names are the contract; everything else here is ours. Every problem is reported
as a `ConfigError` naming the file, the key and what is wrong. Secrets are never read from the file
when an environment variable can carry them: `password_env` names the variable, and the value is read
only when a command needs it (`Config.secret`), so `classify` works without any of them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError

Security = Literal["tls", "starttls", "none"]
LatePolicy = Literal["accept", "waitlist", "decline"]
T = TypeVar("T")

EVENT_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Secret:
    """Where a password comes from: an environment variable (preferred) or the file itself."""

    key: str  # the config key, for error messages, e.g. "mailbox.password_env"
    env: str | None
    value: str | None


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    security: Security
    username: str
    password: Secret
    folder: str = "INBOX"
    done_folder: str = "Anmeldebot/Erledigt"  # handled mail is moved here ("" = leave in place)
    review_folder: str = "Anmeldebot/Prüfen"  # mail that needs a human
    flag: str = "$Anmeldebot"  # IMAP keyword set on every message the bot handled
    batch_size: int = 200
    ca_file: str | None = None
    timeout: float = 60.0
    poll_seconds: int = 60
    idle: bool = True


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: Security
    username: str | None
    password: Secret
    sender: str  # the From header, e.g. "BBE-Geschäftsstelle <info@b-b-e.de>"
    sender_email: str
    rate_per_minute: int = 0  # 0: no limit
    timeout: float = 60.0
    ca_file: str | None = None
    max_attempts: int = 8


@dataclass(frozen=True)
class StorageConfig:
    path: Path


@dataclass(frozen=True)
class PeopleConfig:
    staff: tuple[str, ...]
    spokespersons: tuple[str, ...]


@dataclass(frozen=True)
class AccessConfig:
    url: str | None = None
    meeting_id: str | None = None
    passcode: Secret | None = None
    phone: str | None = None
    room_opens: datetime | None = None
    support_phone: str | None = None
    requirements: str | None = None


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    starts: datetime
    ends: datetime
    location: str
    registration_deadline: datetime
    access_data_at: datetime | None = None
    invitation_message_id: str | None = None
    invitation_subject: str | None = None
    aliases: tuple[str, ...] = ()
    access: AccessConfig | None = None
    late_policy: LatePolicy = "accept"
    capacity: int | None = None
    reminders: tuple[timedelta, ...] = ()
    # What a member who wrote in English reads instead of `title` and `location` (optional).
    title_en: str | None = None
    location_en: str | None = None

    @property
    def online(self) -> bool:
        return self.access is not None and self.access.url is not None

    def in_language(self, language: str) -> Event:
        """The event as a member writing in `language` reads it: its English title and place for "en"."""
        if language != "en" or not (self.title_en or self.location_en):
            return self
        return replace(self, title=self.title_en or self.title, location=self.location_en or self.location)


@dataclass(frozen=True)
class Policies:
    """How careful the bot is with mail from outside (issue: security)."""

    max_colleagues: int = 5
    colleagues_other_domains: bool = True  # False: colleagues outside the sender's domain go to review
    require_authentication: bool = False  # trust a sender only with spf/dkim/dmarc=pass
    authserv_id: str = ""  # whose Authentication-Results count (our receiving server), "" = the topmost
    auto_replies_per_sender_per_day: int = 5
    message_id_domain: str = ""  # our Message-ID domain; default: the domain of smtp.from


@dataclass(frozen=True)
class DigestConfig:
    """The daily digest to [people].staff (bot/reports.py)."""

    at: time = time(7, 30)  # local time of day it falls due (config key `time`)
    send_empty: bool = False  # also on a day with nothing to report


@dataclass(frozen=True)
class SummaryConfig:
    """The attendee summary to [people].spokespersons (bot/reports.py)."""

    at_deadline: bool = True  # at each event's registration deadline
    before: timedelta | None = timedelta(days=1)  # and this long before the event starts


@dataclass(frozen=True)
class RetentionConfig:
    """How long personal data of an event are kept after it ended (bot/purge.py)."""

    days: int = 90


@dataclass(frozen=True)
class Config:
    path: Path
    timezone: ZoneInfo
    events: tuple[Event, ...]
    mailbox: MailboxConfig | None = None
    smtp: SmtpConfig | None = None
    storage: StorageConfig | None = None
    people: PeopleConfig | None = None
    policies: Policies = field(default_factory=Policies)
    digest: DigestConfig = field(default_factory=DigestConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    association: str = ""  # who signs the mails, e.g. "BBE-Geschäftsstelle"
    own_addresses: tuple[str, ...] = ()

    def event(self, event_id: str) -> Event:
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    def require_mailbox(self) -> MailboxConfig:
        if self.mailbox is None:
            raise ConfigError(self.path, "mailbox", "section missing; this command reads the mailbox")
        return self.mailbox

    def require_smtp(self) -> SmtpConfig:
        if self.smtp is None:
            raise ConfigError(self.path, "smtp", "section missing; this command sends mail")
        return self.smtp

    def require_storage(self) -> StorageConfig:
        if self.storage is None:
            raise ConfigError(self.path, "storage", "section missing; this command uses the store")
        return self.storage

    def require_people(self) -> PeopleConfig:
        if self.people is None:
            raise ConfigError(self.path, "people", "section missing")
        return self.people

    def secret(self, secret: Secret, env: Mapping[str, str]) -> str:
        """The password a `Secret` points to, read from `env` now."""
        if secret.env is not None:
            value = env.get(secret.env)
            if not value:
                raise ConfigError(self.path, secret.key, f"environment variable {secret.env} is not set")
            return value
        if secret.value is not None:
            return secret.value
        raise ConfigError(self.path, secret.key, "no password given (set password_env)")

    @property
    def message_id_domain(self) -> str:
        if self.policies.message_id_domain:
            return self.policies.message_id_domain
        if self.smtp is not None:
            return self.smtp.sender_email.rpartition("@")[2]
        return "anmeldebot.invalid"


class _Reader:
    """Typed access to one TOML table; every error names the dotted key."""

    def __init__(self, path: Path, table: Mapping[str, Any], prefix: str, tz: ZoneInfo | None) -> None:
        self.path = path
        self.table = table
        self.prefix = prefix
        self.tz = tz
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def fail(self, name: str, problem: str) -> ConfigError:
        return ConfigError(self.path, self.key(name), problem)

    def _get(self, name: str, kind: type[T] | tuple[type, ...], what: str, required: bool) -> Any:
        self.used.add(name)
        if name not in self.table:
            if required:
                raise self.fail(name, "missing")
            return None
        value = self.table[name]
        # bool is an int in Python; a port of `true` is still wrong.
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(name, f"must be {what}, not {value!r}")
        if not isinstance(value, kind):
            raise self.fail(name, f"must be {what}, not {_describe(value)}")
        return value

    def text(self, name: str, default: str | None = None, *, required: bool = False) -> Any:
        value = self._get(name, str, "a string", required)
        if value is None:
            return default
        if required and not value.strip():
            raise self.fail(name, "must not be empty")
        return value

    def integer(self, name: str, default: int | None = None, *, minimum: int | None = None) -> Any:
        value = self._get(name, int, "a whole number", default is None and minimum is not None)
        if value is None:
            return default
        if minimum is not None and value < minimum:
            raise self.fail(name, f"must be at least {minimum}, not {value}")
        return value

    def required_int(self, name: str, minimum: int, maximum: int) -> int:
        value: int = self._get(name, int, "a whole number", True)
        if not minimum <= value <= maximum:
            raise self.fail(name, f"must be between {minimum} and {maximum}, not {value}")
        return value

    def number(self, name: str, default: float) -> float:
        value = self._get(name, (int, float), "a number", False)
        return default if value is None else float(value)

    def flag(self, name: str, default: bool) -> bool:
        value = self._get(name, bool, "true or false", False)
        return default if value is None else bool(value)

    def str_list(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(name, list, "a list of strings", required)
        if value is None:
            return ()
        for item in value:
            if not isinstance(item, str):
                raise self.fail(name, f"must be a list of strings, found {_describe(item)}")
        return tuple(value)

    def choice(self, name: str, choices: tuple[str, ...], default: str | None = None) -> Any:
        value = self._get(name, str, "a string", default is None)
        if value is None:
            return default
        if value not in choices:
            raise self.fail(name, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def moment(self, name: str, *, required: bool = False) -> datetime | None:
        value = self._get(name, (datetime, date), "a date and time (e.g. 2020-06-22T09:00:00)", required)
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise self.fail(name, "must be a date and time (e.g. 2020-06-22T09:00:00), not a bare date")
        assert self.tz is not None
        if value.tzinfo is None:
            return value.replace(tzinfo=self.tz)
        return value.astimezone(self.tz)

    def subtable(self, name: str) -> Mapping[str, Any] | None:
        return self._get(name, dict, "a table", False)  # type: ignore[no-any-return]

    def secret(self, base: str) -> Secret:
        env = self.text(f"{base}_env")
        value = self.text(base)
        if env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env):
            raise self.fail(f"{base}_env", f"not a valid environment variable name: {env!r}")
        key = self.key(f"{base}_env" if env is not None or value is None else base)
        return Secret(key=key, env=env, value=value)

    def reject_unknown(self) -> None:
        for name in self.table:
            if name not in self.used:
                raise self.fail(name, "unknown key (misspelt?)")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return repr(value).lower()
    names = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "a table"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return f"{name} ({value!r})" if kind in (str, int, float) else name
    if isinstance(value, datetime | date | time):
        return f"a date/time ({value})"
    return type(value).__name__


def load_config(path: Path | str) -> Config:
    """Read and validate a config file. Raises ConfigError for every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, "", "config file not found") from None
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read config file: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, "", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from None
    return parse_config(path, data)


def parse_config(path: Path, data: Mapping[str, Any]) -> Config:
    top = _Reader(path, data, "", None)
    tz_name = top.text("timezone", required=True)
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise top.fail("timezone", f"unknown timezone {tz_name!r} (e.g. Europe/Berlin)") from None
    top.tz = tz
    events = _events(path, data, tz, top)
    mailbox = _section(path, top, "mailbox", tz, _mailbox)
    smtp = _section(path, top, "smtp", tz, _smtp)
    storage = _section(path, top, "storage", tz, lambda r: _storage(r, path))
    people = _section(path, top, "people", tz, _people)
    policies = _section(path, top, "policies", tz, _policies) or Policies()
    digest = _section(path, top, "digest", tz, _digest) or DigestConfig()
    summary = _section(path, top, "summary", tz, _summary) or SummaryConfig()
    retention = _section(path, top, "retention", tz, _retention) or RetentionConfig()
    association = top.text("association", "")
    top.reject_unknown()
    own = {a for a in (mailbox.username if mailbox else "", smtp.sender_email if smtp else "") if "@" in a}
    return Config(
        path=path,
        timezone=tz,
        events=events,
        mailbox=mailbox,
        smtp=smtp,
        storage=storage,
        people=people,
        policies=policies,
        digest=digest,
        summary=summary,
        retention=retention,
        association=association,
        own_addresses=tuple(sorted(a.lower() for a in own)),
    )


def _section(path: Path, top: _Reader, name: str, tz: ZoneInfo, build: Any) -> Any:
    table = top.subtable(name)
    if table is None:
        return None
    reader = _Reader(path, table, name, tz)
    value = build(reader)
    reader.reject_unknown()
    return value


def _port_and_security(r: _Reader) -> tuple[int, Security]:
    port = r.required_int("port", 1, 65535)
    security: Security = r.choice("security", ("tls", "starttls", "none"))
    host = r.table.get("host", "")
    if security == "none" and host not in ("127.0.0.1", "::1", "localhost"):
        raise r.fail("security", '"none" is allowed only for a server on loopback (127.0.0.1)')
    return port, security


def _mailbox(r: _Reader) -> MailboxConfig:
    port, security = _port_and_security(r)
    return MailboxConfig(
        host=r.text("host", required=True),
        port=port,
        security=security,
        username=r.text("username", required=True),
        password=r.secret("password"),
        folder=r.text("folder", "INBOX") or "INBOX",
        done_folder=r.text("done_folder", "Anmeldebot/Erledigt"),
        review_folder=r.text("review_folder", "Anmeldebot/Prüfen") or "Anmeldebot/Prüfen",
        flag=r.text("flag", "$Anmeldebot") or "$Anmeldebot",
        batch_size=r.integer("batch_size", 200, minimum=1),
        ca_file=r.text("ca_file"),
        timeout=r.number("timeout", 60.0),
        poll_seconds=r.integer("poll_seconds", 60, minimum=1),
        idle=r.flag("idle", True),
    )


def _smtp(r: _Reader) -> SmtpConfig:
    from email.utils import parseaddr

    port, security = _port_and_security(r)
    sender = r.text("from", required=True)
    _name, email = parseaddr(sender)
    if "@" not in email or any(c in sender for c in "\r\n"):
        raise r.fail("from", f"not a mail address: {sender!r}")
    return SmtpConfig(
        host=r.text("host", required=True),
        port=port,
        security=security,
        username=r.text("username"),
        password=r.secret("password"),
        sender=sender,
        sender_email=email.lower(),
        rate_per_minute=r.integer("rate_per_minute", 0, minimum=0),
        timeout=r.number("timeout", 60.0),
        ca_file=r.text("ca_file"),
        max_attempts=r.integer("max_attempts", 8, minimum=1),
    )


def _storage(r: _Reader, config_path: Path) -> StorageConfig:
    raw = Path(r.text("path", required=True))
    # A relative path is read from the config file's folder, so the worker finds the same store
    # whatever its working directory (systemd starts it in /).
    return StorageConfig(path=raw if raw.is_absolute() else config_path.parent / raw)


def _people(r: _Reader) -> PeopleConfig:
    staff = r.str_list("staff")
    spokes = r.str_list("spokespersons")
    for name, items in (("staff", staff), ("spokespersons", spokes)):
        for item in items:
            if "@" not in item:
                raise r.fail(name, f"not a mail address: {item!r}")
    return PeopleConfig(staff=tuple(s.lower() for s in staff), spokespersons=tuple(s.lower() for s in spokes))


def _policies(r: _Reader) -> Policies:
    return Policies(
        max_colleagues=r.integer("max_colleagues", 5, minimum=0),
        colleagues_other_domains=r.flag("colleagues_other_domains", True),
        require_authentication=r.flag("require_authentication", False),
        authserv_id=r.text("authserv_id", "").strip().lower(),
        auto_replies_per_sender_per_day=r.integer("auto_replies_per_sender_per_day", 5, minimum=1),
        message_id_domain=r.text("message_id_domain", ""),
    )


def _digest(r: _Reader) -> DigestConfig:
    text = r.text("time", "07:30")
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if match is None:
        raise r.fail("time", f'must be a time of day such as "07:30", not {text!r}')
    return DigestConfig(at=time(int(match[1]), int(match[2])), send_empty=r.flag("send_empty", False))


def _summary(r: _Reader) -> SummaryConfig:
    before = r.text("before", "1d")
    return SummaryConfig(
        at_deadline=r.flag("at_deadline", True),
        before=_duration(r, "before", before) if before.strip() else None,
    )


def _retention(r: _Reader) -> RetentionConfig:
    return RetentionConfig(days=r.integer("days", 90, minimum=1))


def _events(path: Path, data: Mapping[str, Any], tz: ZoneInfo, top: _Reader) -> tuple[Event, ...]:
    raw = top._get("events", list, "a list of [[events]] tables", True)
    if not raw:
        raise top.fail("events", "at least one [[events]] table is needed")
    events: list[Event] = []
    for index, table in enumerate(raw):
        if not isinstance(table, dict):
            raise top.fail("events", f"entry {index + 1} must be a table")
        event = _event(_Reader(path, table, f"events[{index}]", tz))
        if any(e.id == event.id for e in events):
            raise ConfigError(path, f"events[{index}].id", f"duplicate event id {event.id!r}")
        events.append(event)
    return tuple(events)


def _event(r: _Reader) -> Event:
    event_id = r.text("id", required=True)
    if not EVENT_ID.match(event_id):
        raise r.fail("id", f"use lower-case letters, digits, '-', '.', '_' only, not {event_id!r}")
    r.prefix = f"events.{event_id}"  # errors name the event, which staff recognise
    starts = r.moment("starts", required=True)
    ends = r.moment("ends", required=True)
    deadline = r.moment("registration_deadline", required=True)
    assert starts is not None and ends is not None and deadline is not None
    if ends <= starts:
        raise r.fail("ends", "must be after starts")
    if deadline > starts:
        raise r.fail("registration_deadline", "must not be after starts")
    access_at = r.moment("access_data_at")
    if access_at is not None and access_at > starts:
        raise r.fail("access_data_at", "must not be after starts")
    capacity = r.integer("capacity")
    if capacity is not None and capacity < 1:
        raise r.fail("capacity", "must be at least 1")
    access_table = r.subtable("access")
    access = None
    if access_table is not None:
        sub = _Reader(r.path, access_table, r.key("access"), r.tz)
        access = _access(sub)
        sub.reject_unknown()
    event = Event(
        id=event_id,
        title=r.text("title", required=True),
        starts=starts,
        ends=ends,
        location=r.text("location", required=True),
        registration_deadline=deadline,
        access_data_at=access_at,
        invitation_message_id=_message_id(r, "invitation_message_id"),
        invitation_subject=r.text("invitation_subject"),
        aliases=r.str_list("aliases"),
        access=access,
        late_policy=r.choice("late_policy", ("accept", "waitlist", "decline"), "accept"),
        capacity=capacity,
        reminders=tuple(_duration(r, "reminders", item) for item in r.str_list("reminders")),
        title_en=r.text("title_en"),
        location_en=r.text("location_en"),
    )
    r.reject_unknown()
    return event


def _message_id(r: _Reader, name: str) -> str | None:
    value: str | None = r.text(name)
    if value is None:
        return None
    value = value.strip()
    if not (value.startswith("<") and value.endswith(">") and "@" in value):
        raise r.fail(name, f"must look like <local@domain>, not {value!r}")
    return value


def _duration(r: _Reader, name: str, text: str) -> timedelta:
    """'1d', '2h', '90min', '1d 12h': how long before the event starts a reminder goes out."""
    match = DURATION.match(text)
    if not match or not any(match.groups()):
        raise r.fail(name, f"not a duration such as '1d', '3h' or '90min': {text!r}")
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def _access(r: _Reader) -> AccessConfig:
    passcode = r.secret("passcode") if ("passcode" in r.table or "passcode_env" in r.table) else None
    return AccessConfig(
        url=r.text("url"),
        meeting_id=r.text("meeting_id"),
        passcode=passcode,
        phone=r.text("phone"),
        room_opens=r.moment("room_opens"),
        support_phone=r.text("support_phone"),
        requirements=r.text("requirements"),
    )
