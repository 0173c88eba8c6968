"""`anmeldebot run [--once]`: the worker."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.commands import CommandSpec
from bot.commands.common import open_store
from bot.lock import worker_lock
from bot.service import serve
from bot.worker import Worker

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="one cycle, then exit")


def run(inv: Invocation) -> int:
    config = inv.config
    config.require_mailbox()
    config.require_smtp()
    storage = config.require_storage()
    with worker_lock(storage.path), open_store(inv) as store:
        worker = Worker(config, store, inv.clock, inv.env.environ)
        try:
            if inv.args.once:
                report = worker.cycle()
                inv.env.out(report.summary())
                return 0
            return serve(worker)
        finally:
            worker.disconnect()


SPEC = CommandSpec("run", "the worker: read new mail, answer, send what is due", arguments, run)
