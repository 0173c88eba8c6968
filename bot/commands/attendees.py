"""`anmeldebot attendees --event ID [--format table|csv|json] [--all]`."""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from bot.commands import CommandSpec
from bot.commands.common import event_arg, open_store
from bot.records import Registration, RegStatus

if TYPE_CHECKING:
    from bot.cli import Invocation

COLUMNS = ("email", "name", "status", "registered_at", "source_message_id")


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--event", required=True, help="event id from config.toml")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--all", action="store_true", help="everyone known for the event, any status")


def run(inv: Invocation) -> int:
    event = event_arg(inv, inv.args.event)
    with open_store(inv) as store:
        regs = store.registrations(event.id)
    if not inv.args.all:
        regs = [r for r in regs if r.status is RegStatus.REGISTERED]
    fmt = inv.args.format
    if fmt == "json":
        inv.env.out(json.dumps([as_row(r) for r in regs], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        inv.env.stdout.write(to_csv(regs))
    else:
        _table(inv, event.title, regs)
    return 0


def as_row(reg: Registration) -> dict[str, object]:
    return {
        "email": reg.email,
        "name": reg.name,
        "status": reg.status.value,
        "registered_at": reg.registered_at.isoformat(),
        "updated_at": reg.updated_at.isoformat(),
        "source_message_id": reg.source_message_id,
        "organisation": reg.organisation,
        "registered_by": reg.registered_by,
    }


def to_csv(regs: list[Registration]) -> str:
    """UTF-8 with BOM and ';' between fields: what German Excel opens correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["E-Mail", "Name", "Status", "Angemeldet am", "Quelle (Message-ID)", "Organisation"])
    for reg in regs:
        writer.writerow(
            [
                reg.email,
                reg.name,
                reg.status.value,
                reg.registered_at.isoformat(),
                reg.source_message_id,
                reg.organisation,
            ]
        )
    return "\ufeff" + buffer.getvalue()


def _table(inv: Invocation, title: str, regs: list[Registration]) -> None:
    table = Table(title=f"{title} – {len(regs)} Person(en)")
    for column in ("Name", "E-Mail", "Status", "Angemeldet am"):
        table.add_column(column)
    for reg in regs:
        table.add_row(reg.name, reg.email, reg.status.value, reg.registered_at.strftime("%d.%m.%Y %H:%M"))
    Console(file=inv.env.stdout, width=120).print(table)


SPEC = CommandSpec("attendees", "list the people registered for an event", arguments, run)
