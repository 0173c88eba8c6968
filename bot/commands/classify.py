"""`anmeldebot classify FILE.eml ... --json`: read mails from files, touch nothing else."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.classify import Classifier
from bot.commands import CommandSpec
from bot.errors import ExitStatus
from bot.parse import NotAMessage, parse_strict

if TYPE_CHECKING:
    from bot.cli import Invocation

MAX_FILE = 64 * 1024 * 1024  # a file bigger than this is not a mail anyone sent us


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE.eml", help="raw RFC 5322 messages ('-' for stdin)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line (interface.md)")


def run(inv: Invocation) -> int:
    classifier = Classifier.build(inv.config)
    fallback = inv.clock.now()
    status = ExitStatus.SUCCESS
    for name in inv.args.files:
        try:
            raw = _read(name, inv)
            mail = parse_strict(raw)
        except (OSError, NotAMessage) as exc:
            status = ExitStatus.FAILURE
            _emit(inv, {"file": name, "error": _why(exc)}, None)
            continue
        reading = classifier.classify(mail, fallback)
        _emit(inv, {"file": name, **reading.result.to_json()}, reading.result.reasons)
    return int(status)


def _read(name: str, inv: Invocation) -> bytes:
    if name == "-":
        stream = inv.env.stdin or sys.stdin
        return stream.buffer.read(MAX_FILE) if hasattr(stream, "buffer") else stream.read().encode("utf-8")
    path = Path(name)
    if path.is_dir():
        raise OSError(f"{name} is a folder, not a mail file")
    with path.open("rb") as fh:
        return fh.read(MAX_FILE)


def _why(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _emit(inv: Invocation, obj: dict[str, object], reasons: tuple[str, ...] | None) -> None:
    if inv.args.json:
        inv.env.out(json.dumps(obj, ensure_ascii=False))
        return
    if "error" in obj:
        inv.env.out(f"{obj['file']}: FEHLER: {obj['error']}")
        return
    people = ", ".join(str(a["email"]) for a in obj["attendees"])  # type: ignore[attr-defined]
    review = " [Prüfen]" if obj["needs_review"] else ""
    inv.env.out(f"{obj['file']}: {obj['intent']} {obj['event'] or '-'} {people}{review}")
    for reason in reasons or ():
        inv.env.out(f"    {reason}")


SPEC = CommandSpec("classify", "classify mail files (no mailbox, no store)", arguments, run)
