"""`anmeldebot run [--once] [--dry-run [--outbox-dir DIR]]`: the worker.

Before anything else every mail template is rendered for every event (bot/samples.py), so a template
that needs a value config lacks stops the command here, with exit status 2, not in a member's mail.

`--dry-run` (with `--once`) does everything a cycle does but leaves no trace: it works on a copy of
the store in a temporary folder (the real file is only read), looks at the mailbox without flagging
or moving anything, and writes the mails it would send as .eml files to DIR (default ./dry-run).
A real run afterwards therefore handles and answers everything as if the dry run had never been.
"""

from __future__ import annotations

import argparse
import fcntl
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import CommandSpec
from bot.commands.common import open_store
from bot.config import MailboxConfig
from bot.errors import UsageError
from bot.lock import worker_lock
from bot.mailbox import Mailbox
from bot.outbox import EmlFolder
from bot.samples import check_templates
from bot.service import serve
from bot.store import Store
from bot.worker import CycleReport, Worker

if TYPE_CHECKING:
    from bot.cli import Invocation


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="one cycle, then exit")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="with --once: do everything but send (mails go to --outbox-dir as .eml), mark nothing, "
        "change nothing in the store",
    )
    parser.add_argument(
        "--outbox-dir", default="dry-run", help="where --dry-run writes the mails (default ./dry-run)"
    )


def run(inv: Invocation) -> int:
    config = inv.config
    config.require_mailbox()
    config.require_smtp()
    storage = config.require_storage()
    if inv.args.dry_run:
        if not inv.args.once:
            raise UsageError("anmeldebot run: --dry-run needs --once")
        return _dry_run(inv, storage.path, Path(inv.args.outbox_dir))
    with worker_lock(storage.path), open_store(inv) as store:
        worker = Worker(config, store, inv.clock, inv.env.environ)
        check_templates(worker.mails)
        try:
            if inv.args.once:
                report = worker.cycle()
                inv.env.out(report.summary())
                return 0
            return serve(worker)
        finally:
            worker.disconnect()


# ---- the dry run --------------------------------------------------------------------------------


class LookOnlyMailbox(Mailbox):
    """The real mailbox, read with BODY.PEEK as always, but nothing is ever flagged or moved."""

    def mark(self, uids: Sequence[int], flag: str, target: str) -> None:
        return None


def _dry_run(inv: Invocation, store_path: Path, outbox_dir: Path) -> int:
    eml = EmlFolder(outbox_dir)
    with (
        tempfile.TemporaryDirectory(prefix="anmeldebot-dry-run-") as tmp,
        _copy_of(store_path, Path(tmp)) as store,
    ):
        worker = Worker(
            inv.config,
            store,
            inv.clock,
            inv.env.environ,
            mailbox_factory=_look_only,
            session_factory=eml.connect,
        )
        check_templates(worker.mails)
        try:
            report = worker.cycle()
        finally:
            worker.disconnect()
    _print_dry_run(inv, report, eml)
    return 0


def _look_only(config: MailboxConfig, password: str) -> Mailbox:
    return LookOnlyMailbox(config, password)


@contextmanager
def _copy_of(store_path: Path, folder: Path) -> Iterator[Store]:
    """A Store on a copy of the real store file and its journal, taken under the store's own lock."""
    copy = folder / store_path.name
    lock = store_path.with_name(store_path.name + ".lock")
    if store_path.exists() and lock.exists():
        with lock.open("rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_SH)  # the store writes under LOCK_EX: no half-written copy
            for source in (store_path, store_path.with_name(store_path.name + ".journal")):
                if source.exists():
                    shutil.copyfile(source, folder / source.name)
    store = Store(copy)
    try:
        yield store
    finally:
        store.close()


def _print_dry_run(inv: Invocation, report: CycleReport, eml: EmlFolder) -> None:
    for plan in report.plans:
        inv.env.out(plan.describe())
    inv.env.out(report.summary())
    inv.env.out(
        f"Probelauf: {len(eml.written)} Mail(s) als .eml in {eml.folder} geschrieben; nichts gesendet, "
        "nichts im Postfach markiert, der Speicher unverändert."
    )
    for path in eml.written:
        inv.env.out(f"  {path}")


SPEC = CommandSpec("run", "the worker: read new mail, answer, send what is due", arguments, run)
