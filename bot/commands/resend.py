"""`anmeldebot resend access_data|confirmation --event ID [--to EMAIL]`: send a mail again."""

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
    parser.add_argument("kind", choices=staff.RESEND_KINDS, help="which mail")
    parser.add_argument("--event", required=True, help="event id from config.toml")
    parser.add_argument("--to", help="one registered person (default: everyone registered)")


def run(inv: Invocation) -> int:
    event = event_arg(inv, inv.args.event)
    to = staff.address_arg(inv.args.to) if inv.args.to else None
    mails = mail_factory(inv)
    now = inv.clock.now()
    with open_store(inv) as store:
        with store.transaction() as tx:
            result = staff.resend(store, tx, mails, inv.args.kind, event, to, now)
        show(inv, result)
        send_queued(inv, store, result)
    return 0


SPEC = CommandSpec("resend", "send the access data or the confirmation again", arguments, run)
