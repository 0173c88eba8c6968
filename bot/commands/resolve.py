"""`anmeldebot resolve ID --as register|cancel|ignore [--event ID]`: settle a mail awaiting staff."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot import staff
from bot.commands import CommandSpec
from bot.commands.common import event_arg, open_store
from bot.commands.outgoing import mail_factory, send_queued, show

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the ID `anmeldebot review` shows")
    parser.add_argument("--as", dest="as_", required=True, choices=staff.RESOLUTIONS, help="the decision")
    parser.add_argument("--event", help="the event (default: the one the bot recognised)")


def run(inv: Invocation) -> int:
    event = event_arg(inv, inv.args.event) if inv.args.event else None
    mails = mail_factory(inv)
    now = inv.clock.now()
    with open_store(inv) as store:
        with store.transaction() as tx:
            result = staff.resolve(inv.config, store, tx, mails, inv.args.id, inv.args.as_, event, now)
        show(inv, result)
        send_queued(inv, store, result)
    return 0


SPEC = CommandSpec(
    "resolve", "settle a mail awaiting staff; the member gets the usual answer", arguments, run
)
