"""`anmeldebot cancel EMAIL --event ID --reason TEXT [--notify]`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot import staff
from bot.commands import CommandSpec
from bot.commands.common import event_arg, open_store
from bot.commands.outgoing import mail_factory, reason_arg, send_queued, show

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", help="the person's mail address")
    parser.add_argument("--event", required=True, help="event id from config.toml")
    parser.add_argument("--reason", required=True, help="why (kept in the registration's history)")
    parser.add_argument("--notify", action="store_true", help="confirm the cancellation by mail")


def run(inv: Invocation) -> int:
    event = event_arg(inv, inv.args.event)
    email = staff.address_arg(inv.args.email)
    reason = reason_arg(inv.args.reason)
    mails = mail_factory(inv)
    now = inv.clock.now()
    with open_store(inv) as store:
        with store.transaction() as tx:
            result = staff.cancel(store, tx, mails, event, email, reason, inv.args.notify, now)
        show(inv, result)
        send_queued(inv, store, result)
    return 0


SPEC = CommandSpec("cancel", "cancel a person's registration by hand", arguments, run)
