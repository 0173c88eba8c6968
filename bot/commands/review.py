"""`anmeldebot review [--json]`: the mails awaiting staff, each with the ID `resolve` takes."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot import reviews
from bot.commands import CommandSpec
from bot.commands.common import open_store
from bot.records import MessageRecord

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON list instead of a table")


def run(inv: Invocation) -> int:
    with open_store(inv) as store:
        records = reviews.open_reviews(store)
    if inv.args.json:
        inv.env.out(json.dumps([as_row(r) for r in records], ensure_ascii=False, indent=2))
    elif not records:
        inv.env.out("Keine Mail wartet auf die Geschäftsstelle.")
    else:
        _table(inv, records)
    return 0


def as_row(rec: MessageRecord) -> dict[str, object]:
    return {
        "id": reviews.review_id(rec.key),
        "received": rec.handled_at.isoformat(),
        "sender": rec.sender,
        "sender_name": rec.sender_name,
        "subject": rec.subject,
        "event": rec.event,
        "intent": rec.intent,
        "reasons": rec.reasons,
        "excerpt": rec.excerpt,
        "folder": reviews.folder_of(rec),
        "error": rec.error,
    }


def _table(inv: Invocation, records: list[MessageRecord]) -> None:
    table = Table(title=f"{len(records)} Mail(s) warten auf die Geschäftsstelle", show_lines=True)
    for column in ("ID", "Eingang", "Von / Betreff", "Warum", "Auszug", "Ordner"):
        table.add_column(column, overflow="fold")
    for rec in records:
        who = f"{rec.sender_name} <{rec.sender}>" if rec.sender_name else rec.sender or "(unbekannt)"
        # Text, not markup: what members wrote may hold [brackets] rich would read as styles.
        table.add_row(
            reviews.review_id(rec.key),
            rec.handled_at.strftime("%d.%m.%Y %H:%M"),
            Text(f"{who}\n{rec.subject or '(ohne Betreff)'}"),
            Text("; ".join(rec.reasons) + (f"\nFehler: {rec.error}" if rec.error else "")),
            Text(rec.excerpt),
            Text(reviews.folder_of(rec)),
        )
    console = Console(file=inv.env.stdout, width=140)
    console.print(table)
    console.print("Erledigen mit: anmeldebot resolve ID --as register|cancel|ignore [--event ID]")


SPEC = CommandSpec("review", "list the mails awaiting staff", arguments, run)
