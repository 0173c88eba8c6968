"""Every mail the bot writes: rendered from templates/, built by the email package.

Plain text is canonical; the HTML part is derived from it (escaped, so nothing a member wrote can
become markup). Headers are built by the email package with `Address` objects, so a display name
with CR/LF or an encoded-word trick cannot add a header; names are also cleaned of control
characters before they get there.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

import jinja2

from bot import dates
from bot.config import Config, Event
from bot.errors import ConfigError

KINDS = (
    "confirmation",
    "cancellation",
    "review_ack",
)
REPLY_PREFIX = {"de": "AW: ", "en": "Re: "}
SUBJECT_PREFIXES = re.compile(
    r"^\s*((re|aw|wg|fw|fwd|antw|antwort|sv|vs)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()


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


class Templates:
    """The Jinja2 environment over templates/; StrictUndefined, so a missing value is an error."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # plain text; the HTML part is escaped in to_html()
            keep_trailing_newline=True,
        )

    def render(self, kind: str, language: str, context: dict[str, Any]) -> Rendered:
        lang = language if (self.folder / language / f"{kind}.txt.j2").exists() else "de"
        template = self.env.get_template(f"{lang}/{kind}.txt.j2")
        module = template.make_module(context)
        # The body is what the template prints; the subject is its `{% set subject %}` block.
        subject = " ".join(str(getattr(module, "subject", "")).split())
        text = _tidy(str(module))
        return Rendered(subject=subject, text=text, html=to_html(text))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):  # at most one empty line in a row
            out.append(line)
    return "\n".join(out) + "\n"


def to_html(text: str) -> str:
    """The HTML part: the plain text, escaped, paragraphs kept, links clickable."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        escaped = html.escape(block)
        linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        if all(line.startswith("  ") for line in block.splitlines()):
            body = "<br>\n".join(line.strip() for line in linked.splitlines())
            paragraphs.append(f'<p style="margin-left:1.5em"><strong>{body}</strong></p>')
        else:
            paragraphs.append("<p>" + "<br>\n".join(linked.splitlines()) + "</p>")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#222">\n'
        + "\n".join(paragraphs)
        + "\n</body></html>\n"
    )


def event_context(event: Event, language: str) -> dict[str, Any]:
    access_day = None
    if event.access_data_at is not None:
        access_day = dates.short_day(event.access_data_at, language)
    return {
        "id": event.id,
        "title": event.title,
        "when": dates.span(event.starts, event.ends, language),
        "day": dates.day(event.starts, language),
        "location": event.location,
        "online": event.online or "zoom" in event.location.lower(),
        "deadline": dates.moment(event.registration_deadline, language),
        "access_data_day": access_day,
    }


def greeting(name: str, language: str) -> str:
    name = clean_name(name)
    if language == "en":
        return f"Dear {name}," if name else "Hello,"
    return f"Guten Tag {name}," if name else "Guten Tag,"


def clean_name(name: str) -> str:
    """A display name safe to print and to put in a header: no control characters, no quotes games."""
    name = CONTROL.sub(" ", name)
    name = name.replace('"', "").replace("<", "").replace(">", "")
    return " ".join(name.split())[:120]


def reply_subject(original: str, language: str) -> str:
    base = SUBJECT_PREFIXES.sub("", CONTROL.sub(" ", original)).strip()
    return REPLY_PREFIX.get(language, "AW: ") + base if base else ""


def make_message_id(purpose: str, domain: str) -> str:
    digest = hashlib.sha256(purpose.encode("utf-8")).hexdigest()[:24]
    return f"<anmeldebot.{digest}@{domain}>"


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
    """The complete message as text (CRLF line ends), ready to store and send."""
    msg = EmailMessage(policy=SMTP)
    from_name, from_email = parseaddr(sender)
    msg["From"] = HeaderAddress(display_name=clean_name(from_name), addr_spec=from_email)
    msg["To"] = HeaderAddress(display_name=clean_name(to_name), addr_spec=_addr_spec(to_email))
    subject = rendered.subject
    if threading is not None:
        subject = reply_subject(threading.subject, language) or subject
        msg["In-Reply-To"] = threading.message_id
        refs = [*threading.references[-10:], threading.message_id]
        msg["References"] = " ".join(dict.fromkeys(r for r in refs if _safe_id(r)))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = auto_submitted
    # Ask Exchange not to send out-of-office replies to our mail: fewer loops, less noise.
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Anmeldebot-Kind"] = kind
    msg["Content-Language"] = language
    msg.set_content(rendered.text, charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    for item in attachments:
        msg.add_attachment(
            item.content,
            maintype=item.maintype,
            subtype=item.subtype,
            filename=item.filename,
            params=dict(item.params),
        )
    return msg.as_string()


def _addr_spec(email: str) -> str:
    if CONTROL.search(email) or not re.fullmatch(r"[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+", email):
        raise ValueError(f"not a plain mail address: {email!r}")
    return email


def _safe_id(message_id: str) -> bool:
    return bool(re.fullmatch(r"<[^<>\s\x00-\x1f]{1,250}>", message_id))


def check_templates(config: Config, templates: Templates) -> None:
    """Render every kind for every event now, so a template that needs a missing value fails at load."""
    for event in config.events:
        for language in ("de", "en"):
            for kind in KINDS:
                try:
                    templates.render(kind, language, sample_context(config, event, language))
                except jinja2.TemplateError as exc:
                    raise ConfigError(
                        templates.folder / language / f"{kind}.txt.j2", f"events.{event.id}", str(exc)
                    ) from None


def sample_context(config: Config, event: Event, language: str) -> dict[str, Any]:
    return {
        "event": event_context(event, language),
        "greeting": greeting("Anna Beispiel", language),
        "person": {"name": "Anna Beispiel", "email": "anna.beispiel@example.org"},
        "association": config.association or "Die Geschäftsstelle",
        "registered_by": "",
        "late": False,
        "access_now": False,
        "was_registered": True,
    }
