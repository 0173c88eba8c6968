"""Every mail the bot writes: rendered from templates/, written out by bot/wire.py.

Plain text is canonical; the HTML part is derived from it (escaped, so nothing a member wrote can
become markup or a link). A display name or subject with CR/LF or an encoded-word trick cannot add a
header: names and subjects are cleaned of control characters and "=?" openers here, encoded and folded
by the email package's `Header`, and `check_headers` refuses a result with any header we did not write.

A template never prints "None": the environment is `StrictUndefined` (a name the context lacks is an
error) and its `finalize` refuses None (a value config left empty is an error too). Both surface when
the bot starts, because `bot.samples.check_templates` renders every kind then.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from bot import dates, wire
from bot.config import Event
from bot.wire import Attachment

# Every kind of mail; each has templates/de/<kind>.txt.j2 and templates/en/<kind>.txt.j2.
KINDS = (
    "confirmation",
    "registered_others",
    "waitlisted",
    "late_declined",
    "cancellation",
    "review_ack",
    "status",
    "moved_up",
    "access_data",
    "reminder",
)
LANGUAGES = ("de", "en")
REPLY_PREFIX = {"de": "AW: ", "en": "Re: "}
SUBJECT_PREFIXES = re.compile(
    r"^\s*((re|aw|wg|fw|fwd|antw|antwort|sv|vs)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
URL = re.compile(r"https?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]")
# Anything in a display name that a mail client would turn into a link: we print names, never links.
LINKISH = re.compile(r"\S*(?:://|www\.)\S*", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f]{1,250}>")
# Python's email package before 3.11.10 (CVE-2024-6923) decodes an RFC 2047 encoded word it finds in
# a header value while folding, so "=?utf-8?q?Eve=0D=0ABcc:...?=" in a name or subject became a real
# "Bcc:" line. A member can send such text double-encoded; breaking every "=?" opener defuses it.
ENCODED_WORD_OPENER = "=?"
ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[a-z]\?[^?\s]*\?=", re.IGNORECASE)
HEADER_NAME = re.compile(r"[!-9;-~]+")  # RFC 5322 2.2: printable ASCII except the colon
# The headers build_message writes; anything else in the result is an injection that got through.
OUR_HEADERS = frozenset(
    {
        "from",
        "to",
        "subject",
        "date",
        "message-id",
        "in-reply-to",
        "references",
        "auto-submitted",
        "x-auto-response-suppress",
        "x-anmeldebot-kind",
        "content-language",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
    }
)


class EmptyValue(jinja2.TemplateRuntimeError):
    """A template printed a value that config left empty (None)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Threading:
    """The member's mail we answer: its Message-ID, References and Subject."""

    message_id: str
    references: tuple[str, ...]
    subject: str


def default_templates_dir(config_path: Path) -> Path:
    """templates/ beside config.toml, else the one installed with the package, else the source tree."""
    candidates = (
        config_path.parent / "templates",
        Path(sys.prefix) / "share" / "anmeldebot" / "templates",
        Path(__file__).resolve().parent.parent / "templates",
    )
    for candidate in candidates:
        if (candidate / "de").is_dir():
            return candidate
    return candidates[0]


def _refuse_none(value: object) -> object:
    if value is None:
        raise EmptyValue("a value this template prints is empty in config (it would read 'None')")
    return value


class Templates:
    """The Jinja2 environment over templates/; a missing or empty value is an error, never 'None'."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            finalize=_refuse_none,
            autoescape=False,  # plain text; the HTML part is escaped in to_html()
            keep_trailing_newline=True,
            # Read once per process: no stat of the file for every mail (a running worker takes
            # changed templates when it restarts, which is also when they are checked).
            auto_reload=False,
        )
        self._paths: dict[tuple[str, str], Path] = {}

    def path(self, kind: str, language: str) -> Path:
        """The file a kind is rendered from (English falls back to German where it is missing)."""
        known = self._paths.get((kind, language))
        if known is None:
            own = self.folder / language / f"{kind}.txt.j2"
            known = own if own.exists() else self.folder / "de" / f"{kind}.txt.j2"
            self._paths[(kind, language)] = known
        return known

    def render(self, kind: str, language: str, context: dict[str, Any]) -> Rendered:
        name = self.path(kind, language).relative_to(self.folder).as_posix()
        try:
            module = self.env.get_template(name).make_module(context)
        except Exception:
            # Re-raised with the template's own file and line in the traceback (samples._where).
            self.env.handle_exception()
        # The body is what the template prints; the subject is its `{% set subject %}` block.
        subject = " ".join(str(getattr(module, "subject", "")).split())
        text = _tidy(str(module))
        return Rendered(subject=subject, text=text, html=to_html(text, subject, language))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):  # at most one empty line in a row
            out.append(line)
    return "\n".join(out) + "\n"


# ---- the HTML part ------------------------------------------------------------------------------

BODY_STYLE = "font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:40em"
BOX_STYLE = "margin:0.8em 0 0.8em 1em;padding:0.5em 0.9em;border-left:3px solid #2f6f9f;background:#f2f6fa"
NOTE_STYLE = "font-size:13px;color:#666"


def to_html(text: str, title: str = "", language: str = "de") -> str:
    """The HTML part: the plain text, escaped, paragraphs kept, indented blocks boxed, links clickable."""
    blocks = [_html_block(block) for block in text.strip().split("\n\n")]
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n"
        f'<body style="{BODY_STYLE}">\n' + "\n".join(blocks) + "\n</body></html>\n"
    )


def _html_block(block: str) -> str:
    lines = block.splitlines()
    if all(line.startswith("  - ") for line in lines):
        items = "".join(f"<li>{_linkify(line[4:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(line.startswith("  ") for line in lines):
        # An indented block is the event or the access data: what the reader looks for first.
        inner = "<br>\n".join(_linkify(line.strip()) for line in lines)
        return f'<div style="{BOX_STYLE}">{inner}</div>'
    inner = "<br>\n".join(_linkify(line) for line in lines)
    if block.startswith("(") and block.endswith(")"):
        return f'<p style="{NOTE_STYLE}">{inner}</p>'
    return f"<p>{inner}</p>"


def _linkify(line: str) -> str:
    """Escape one line; http(s) URLs (from config, never from names: see clean_name) become links."""
    out: list[str] = []
    last = 0
    for match in URL.finditer(line):
        out.append(html.escape(line[last : match.start()]))
        url = html.escape(match.group(0))
        out.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    out.append(html.escape(line[last:]))
    return "".join(out)


# ---- values the templates see -------------------------------------------------------------------


def event_context(event: Event, language: str) -> dict[str, Any]:
    return dict(_event_context(event, language))  # a copy: the cached one is shared


@lru_cache(maxsize=64)
def _event_context(event: Event, language: str) -> dict[str, Any]:
    event = event.in_language(language)
    access = event.access
    room_opens = access.room_opens if access is not None else None
    return {
        "id": event.id,
        "title": event.title,
        "when": dates.span(event.starts, event.ends, language),
        "day": dates.day(event.starts, language),
        "location": event.location,
        "online": event.online,
        "deadline": dates.moment(event.registration_deadline, language),
        "access_data_day": (
            dates.short_day(event.access_data_at, language) if event.access_data_at is not None else None
        ),
        "room_opens": dates.clock(room_opens, language) if room_opens is not None else None,
    }


def greeting(name: str, language: str) -> str:
    name = clean_name(name)
    if language == "en":
        return f"Dear {name}," if name else "Hello,"
    return f"Guten Tag {name}," if name else "Guten Tag,"


def clean_name(name: str) -> str:
    """A display name safe to print and to put in a header: no control characters, quotes or links.

    A name that is really an address ("anna@x.de" <anna@x.de>, as Outlook writes it) is no name.
    """
    name = ENCODED_WORD.sub(" ", name)  # literal "=?utf-8?q?...?=" (a trick, see defuse) is no name
    name = LINKISH.sub(" ", name)
    name = defuse(name)
    name = name.replace('"', "").replace("<", "").replace(">", "")
    name = " ".join(name.split())[:120]
    return "" if "@" in name else name


def defuse(text: str) -> str:
    """Text from a member, safe inside a header: no control characters, no encoded-word openers."""
    return CONTROL.sub(" ", text).replace(ENCODED_WORD_OPENER, "= ?")


def reply_subject(original: str, language: str) -> str:
    base = " ".join(SUBJECT_PREFIXES.sub("", defuse(original)).split())[:250]
    return REPLY_PREFIX.get(language, "AW: ") + base if base else ""


def make_message_id(purpose: str, domain: str) -> str:
    digest = hashlib.sha256(purpose.encode("utf-8")).hexdigest()[:24]
    return f"<anmeldebot.{digest}@{domain}>"


# ---- the message --------------------------------------------------------------------------------


def build_message(
    *,
    sender: str,
    to_email: str,
    to_name: str,
    rendered: Rendered,
    message_id: str,
    date: datetime,
    kind: str,
    auto_submitted: str,
    threading: Threading | None = None,
    language: str = "de",
    attachments: tuple[Attachment, ...] = (),
) -> str:
    """The complete message as text (CRLF line ends, 7-bit clean), ready to store and send."""
    from_name, from_email = parseaddr(sender)
    subject, thread = _thread(rendered.subject, threading, language)
    headers = [
        wire.address_line("From", clean_name(from_name), _addr_spec(from_email)),
        wire.address_line("To", clean_name(to_name), _addr_spec(to_email)),
        wire.header_line("Subject", defuse(subject)),
        f"Date: {format_datetime(date)}",
        f"Message-ID: {message_id}",
        *thread,
        f"Auto-Submitted: {auto_submitted}",
        # Ask Exchange not to send out-of-office replies to our mail: fewer loops, less noise.
        "X-Auto-Response-Suppress: All",
        f"X-Anmeldebot-Kind: {kind}",
        f"Content-Language: {language}",
    ]
    raw = wire.message(headers, rendered.text, rendered.html, attachments, seed=message_id)
    check_headers(raw)
    return raw


def check_headers(raw: str) -> None:
    """Refuse a message whose header block has a header we did not write, or one of ours twice.

    Read strictly, line by line (stricter than a mail client: a bare CR or LF, a line that is not
    "Name: value" or a continuation, is refused too). The email package's parser did this before at
    a fifth of the cost of writing the mail.
    """
    head, blank, _ = raw.partition("\r\n\r\n")
    names: list[str] = []
    problem = "" if blank else "no end of the header block"
    for number, line in enumerate(head.split("\r\n")):
        if "\r" in line or "\n" in line:
            problem = "a bare CR or LF"
        elif line[:1] in (" ", "\t") and number:
            continue  # a folded continuation of the header before
        else:
            name, colon, _value = line.partition(":")
            if not colon or not HEADER_NAME.fullmatch(name):
                problem = f"not a header line: {line[:40]!r}"
            names.append(name.lower())
    unknown = sorted(set(names) - OUR_HEADERS)
    if problem or unknown or len(names) != len(set(names)):
        raise ValueError(f"refusing to build a mail with injected headers: {unknown or problem or 'twice'}")


def _thread(subject: str, threading: Threading | None, language: str) -> tuple[str, list[str]]:
    """The subject, and In-Reply-To and References (ids that could carry a trick are left out)."""
    if threading is None:
        return subject, []
    lines = []
    if is_message_id(threading.message_id):
        refs = [*threading.references[-10:], threading.message_id]
        lines = [
            f"In-Reply-To: {threading.message_id}",
            wire.header_line("References", " ".join(dict.fromkeys(r for r in refs if is_message_id(r)))),
        ]
    return reply_subject(threading.subject, language) or subject, lines


def _addr_spec(email: str) -> str:
    if CONTROL.search(email) or not re.fullmatch(r"[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+", email):
        raise ValueError(f"not a plain mail address: {email!r}")
    return email


def is_message_id(value: str) -> bool:
    return bool(MESSAGE_ID.fullmatch(value)) and ENCODED_WORD_OPENER not in value
