"""`anmeldebot export --event ID --format csv|xlsx|json [--output FILE] [--all]`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import CommandSpec
from bot.commands.common import event_arg, open_store
from bot.errors import BotError, UsageError
from bot.exports import to_csv, to_json, to_xlsx
from bot.records import RegStatus

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--event", required=True, help="event id from config.toml")
    parser.add_argument("--format", required=True, choices=("csv", "xlsx", "json"))
    parser.add_argument("--output", "-o", help="file to write (default: standard output; xlsx needs a file)")
    parser.add_argument("--all", action="store_true", help="everyone known for the event, any status")


def run(inv: Invocation) -> int:
    event = event_arg(inv, inv.args.event)
    fmt = inv.args.format
    if fmt == "xlsx" and not inv.args.output:
        raise UsageError("--format xlsx braucht --output DATEI.xlsx")
    with open_store(inv) as store:
        regs = store.registrations(event.id)
    if not inv.args.all:
        regs = [r for r in regs if r.status is RegStatus.REGISTERED]
    if fmt == "csv":
        data = to_csv(regs)
    elif fmt == "json":
        data = to_json(regs).encode("utf-8")
    else:
        data = to_xlsx(regs, f"{event.title} ({event.starts:%d.%m.%Y})")
    if inv.args.output:
        _write(Path(inv.args.output), data)
        inv.env.err(f"{len(regs)} Person(en) nach {inv.args.output} geschrieben")
    else:
        _stdout(inv, data)
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise BotError(f"kann {path} nicht schreiben: {exc.strerror or exc}") from None


def _stdout(inv: Invocation, data: bytes) -> None:
    # The CSV's byte-order mark must reach the file as bytes; a text stream takes the decoded text.
    buffer = getattr(inv.env.stdout, "buffer", None)
    if buffer is not None:
        inv.env.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        inv.env.stdout.write(data.decode("utf-8"))


SPEC = CommandSpec("export", "write the participants of an event as CSV, XLSX or JSON", arguments, run)
