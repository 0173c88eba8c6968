"""`anmeldebot add EMAIL --event ID --reason TEXT [--name NAME] [--organisation ORG] [--notify]`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot import staff
from bot.commands import CommandSpec
from bot.commands.common import event_arg, open_store
from bot.commands.outgoing import mail_factory, reason_arg, send_queued, show
from bot.models import Address

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", help="the person's mail address")
    parser.add_argument("--event", required=True, help="event id from config.toml")
    parser.add_argument("--reason", required=True, help="why (kept in the registration's history)")
    parser.add_argument("--name", default="", help="the person's name")
    parser.add_argument("--organisation", default="", help="their organisation (shown to the spokespersons)")
    parser.add_argument(
        "--notify", action="store_true", help="confirm by mail (and send the access data if due)"
    )


def run(inv: Invocation) -> int:
    event = event_arg(inv, inv.args.event)
    person = Address(staff.address_arg(inv.args.email), " ".join(inv.args.name.split()))
    reason = reason_arg(inv.args.reason)
    mails = mail_factory(inv)
    now = inv.clock.now()
    with open_store(inv) as store:
        with store.transaction() as tx:
            result = staff.add(
                store, tx, mails, event, person, inv.args.organisation.strip(), reason, inv.args.notify, now
            )
        show(inv, result)
        send_queued(inv, store, result)
    return 0


SPEC = CommandSpec("add", "register a person by hand", arguments, run)
