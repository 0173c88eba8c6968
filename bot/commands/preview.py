"""`anmeldebot preview KIND --event ID [--lang de|en] [--html FILE]`: one mail, as a member would get it.

Renders the typical mail of a kind (bot/samples.py: a sample member, Anna Beispiel, at a moment
typical for the kind) through the same code the worker uses, and prints its headers, its text and
its attachments. `--html FILE` writes the HTML part too, to open in a browser. Touches no mailbox,
store or network. The passcode is shown when its environment variable is set, else a placeholder.
"""

from __future__ import annotations

import argparse
import email
import email.policy
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import CommandSpec
from bot.commands.common import event_arg
from bot.compose import KINDS, LANGUAGES, Templates, default_templates_dir
from bot.config import Config, Event, Secret
from bot.errors import BotError
from bot.mails import MailFactory
from bot.samples import check_templates, sample

if TYPE_CHECKING:
    from bot.cli import Invocation

SHOWN_HEADERS = ("From", "To", "Subject", "Date", "In-Reply-To", "Auto-Submitted", "Content-Language")


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help="one of: " + ", ".join(KINDS))
    parser.add_argument("--event", required=True, help="the event id, as in config")
    parser.add_argument("--lang", choices=LANGUAGES, default="de", help="language of the mail (default de)")
    parser.add_argument("--html", metavar="FILE", help="also write the HTML part to FILE")


def run(inv: Invocation) -> int:
    config = inv.config
    config.require_smtp()  # the From of every mail
    event = event_arg(inv, inv.args.event)
    factory = MailFactory(
        config, Templates(default_templates_dir(config.path)), _secret(config, inv.env.environ)
    )
    check_templates(factory)
    message = preview_message(factory, inv.args.kind, event, inv.args.lang)
    if message is None:
        inv.env.out(f"{event.id}: no {inv.args.kind} mail for this event (it has no [events.access] url)")
        return 0
    inv.env.out(render_for_terminal(message))
    if inv.args.html:
        _write_html(message, Path(inv.args.html))
        inv.env.out(f"HTML part written to {inv.args.html}")
    return 0


def preview_message(factory: MailFactory, kind: str, event: Event, lang: str) -> EmailMessage | None:
    """The sample mail of this kind, parsed back as a mail client would read it."""
    mail = sample(factory, kind, event, lang)
    if mail is None:
        return None
    message = email.message_from_string(mail.raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def render_for_terminal(message: EmailMessage) -> str:
    lines = [f"{name}: {message[name]}" for name in SHOWN_HEADERS if message[name]]
    body = message.get_body(("plain",))
    text = body.get_content().replace("\r\n", "\n").rstrip() if body is not None else "(no text part)"
    lines += ["", text, ""]
    for part in message.iter_attachments():
        lines.append(
            f"Anhang: {part.get_filename()} ({part.get_content_type()}, {len(part.get_content())} Zeichen)"
        )
    return "\n".join(lines)


def _write_html(message: EmailMessage, path: Path) -> None:
    part = message.get_body(("html",))
    if part is None:
        raise BotError("this mail has no HTML part")
    try:
        path.write_text(part.get_content(), encoding="utf-8")
    except OSError as exc:
        raise BotError(f"cannot write {path}: {exc.strerror}") from None


def _secret(config: Config, environ: Mapping[str, str]) -> Callable[[Secret], str]:
    """The real passcode when it is set; a visible placeholder otherwise (a preview needs no secret)."""

    def read(secret: Secret) -> str:
        if secret.env is not None and not environ.get(secret.env):
            return f"«{secret.env}»"
        return config.secret(secret, environ)

    return read


SPEC = CommandSpec("preview", "show a mail the bot writes, with sample data", arguments, run)
