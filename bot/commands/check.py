"""`anmeldebot check`: connect to IMAP and SMTP as config says, and say plainly what works.

Each check prints one line, ✓ or ✗, with the server's own words when something fails; passwords
are never printed (a server that echoes one has it replaced by ***). Exit status 1 when any check
fails, so a cron job or a monitoring script can use it.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from bot.commands import CommandSpec
from bot.config import Config, MailboxConfig, Secret, SmtpConfig
from bot.errors import BotError, ConfigError, ExitStatus
from bot.mailbox import Mailbox, connect_client
from bot.records import RegStatus
from bot.sender import Sender, SendFailure
from bot.store import Store

if TYPE_CHECKING:
    from bot.cli import Invocation

SECURITY = {"tls": "TLS", "starttls": "STARTTLS", "none": "ohne Verschlüsselung"}


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str
    detail: str


def arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options of its own


def run(inv: Invocation) -> int:
    config = inv.config
    console = Console(file=inv.env.stdout, width=120, highlight=False)
    checks: list[Check] = []
    for step in (_store, _imap, _smtp):
        with console.status(f"prüfe {step.__name__.strip('_')} …"):
            found = step(config, inv.env.environ)
        for check in found:
            checks.append(check)
            mark = "[green]✓[/green]" if check.ok else "[red]✗[/red]"
            console.print(f"{mark} {escape(check.what)}: {escape(check.detail)}", markup=True)
    failed = [c for c in checks if not c.ok]
    console.print("Alles in Ordnung." if not failed else f"{len(failed)} Prüfung(en) fehlgeschlagen.")
    return int(ExitStatus.FAILURE if failed else ExitStatus.SUCCESS)


def _store(config: Config, environ: Mapping[str, str]) -> list[Check]:
    if config.storage is None:
        return [Check(False, "Speicher", "[storage] fehlt in der Konfiguration")]
    try:
        with Store(config.storage.path) as store:
            people = sum(store.count(e.id, RegStatus.REGISTERED) for e in config.events)
    except BotError as exc:
        return [Check(False, "Speicher", str(exc))]
    return [Check(True, "Speicher", f"{config.storage.path} lesbar ({people} Anmeldung(en))")]


def _password(config: Config, secret: Secret, environ: Mapping[str, str]) -> tuple[str | None, str]:
    try:
        return config.secret(secret, environ), ""
    except ConfigError as exc:
        return None, exc.problem


def _imap(config: Config, environ: Mapping[str, str]) -> list[Check]:
    mb = config.mailbox
    if mb is None:
        return [Check(False, "IMAP", "[mailbox] fehlt in der Konfiguration")]
    where = f"IMAP {mb.host}:{mb.port} ({SECURITY[mb.security]})"
    password, problem = _password(config, mb.password, environ)
    if password is None:
        return [Check(False, where, f"kein Passwort: {problem}")]
    hide = _hider(password)
    try:
        client = connect_client(mb)
    except BotError as exc:
        return [Check(False, where, f"keine Verbindung: {hide(str(exc))}")]
    checks = [Check(True, where, "Verbindung steht")]
    return checks + _imap_session(mb, password, client, hide)


def _imap_session(
    mb: MailboxConfig, password: str, client: object, hide: Callable[[str], str]
) -> list[Check]:
    mailbox = Mailbox(mb, password, factory=lambda _config: client)
    try:
        mailbox.open()
    except BotError as exc:
        return [Check(False, f"IMAP-Anmeldung als {mb.username}", hide(str(exc)))]
    try:
        checks = [Check(True, f"IMAP-Anmeldung als {mb.username}", "angenommen")]
        status = mailbox.select(mb.folder)
        idle = (
            "IDLE wird unterstützt"
            if mailbox.supports_idle()
            else "kein IDLE: der Worker fragt regelmäßig nach"
        )
        checks.append(Check(True, f"Ordner {mb.folder}", f"{status.exists} Nachricht(en); {idle}"))
    except BotError as exc:
        checks.append(Check(False, f"Ordner {mb.folder}", hide(str(exc))))
    finally:
        mailbox.close()
    return checks


def _smtp(config: Config, environ: Mapping[str, str]) -> list[Check]:
    smtp = config.smtp
    if smtp is None:
        return [Check(False, "SMTP", "[smtp] fehlt in der Konfiguration")]
    where = f"SMTP {smtp.host}:{smtp.port} ({SECURITY[smtp.security]})"
    password: str | None = None
    if smtp.username:
        password, problem = _password(config, smtp.password, environ)
        if password is None:
            return [Check(False, where, f"kein Passwort: {problem}")]
    try:
        asyncio.run(_smtp_session(smtp, password))
    except SendFailure as failure:
        return [Check(False, where, _smtp_problem(failure, smtp, _hider(password)))]
    login = f"Anmeldung als {smtp.username} angenommen" if smtp.username else "ohne Anmeldung (kein username)"
    return [Check(True, where, f"Verbindung steht, {login}; Absender {smtp.sender_email}")]


async def _smtp_session(smtp: SmtpConfig, password: str | None) -> None:
    sender = Sender(smtp, password)
    await sender.connect()
    await sender.close()


def _smtp_problem(failure: SendFailure, smtp: SmtpConfig, hide: Callable[[str], str]) -> str:
    if failure.stage == "login":
        return f"Anmeldung als {smtp.username} abgelehnt: {hide(str(failure))}"
    return f"keine Verbindung: {hide(str(failure))}"


def _hider(password: str | None) -> Callable[[str], str]:
    def hide(text: str) -> str:
        return text.replace(password, "***") if password else text

    return hide


SPEC = CommandSpec("check", "try the IMAP and SMTP connections and say what works", arguments, run)
