"""`anmeldebot purge [--dry-run]`: delete personal data past the retention period now.

The worker does the same every day (bot/reports.py); this is for staff who want it done at once,
or want to see first what would go.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.commands import CommandSpec
from bot.commands.common import open_store
from bot.purge import apply_purge, plan_purge
from bot.records import JobRun

if TYPE_CHECKING:
    from bot.cli import Invocation

JOB = "purge:staff"  # the digest reports it with the worker's own purges


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="only say what would be deleted")


def run(inv: Invocation) -> int:
    config = inv.config
    now = inv.clock.now()
    with open_store(inv) as store, store.transaction() as tx:
        plan = plan_purge(config, store, now)
        if not inv.args.dry_run and not plan.empty:
            apply_purge(plan, tx)
            tx.mark_job_done(JobRun(JOB, now, plan.note()))
    cutoff = plan.cutoff.strftime("%d.%m.%Y")
    if plan.empty:
        inv.env.out(f"Nichts zu löschen: keine Daten von Treffen, die vor dem {cutoff} endeten.")
        return 0
    verb = "Würde löschen" if inv.args.dry_run else "Gelöscht"
    inv.env.out(f"{verb} (Treffen, die vor dem {cutoff} endeten; Aufbewahrung {config.retention.days} Tage):")
    for part in plan.parts.values():
        if not part.empty:
            inv.env.out(f"  {part.describe()}")
    return 0


SPEC = CommandSpec("purge", "delete personal data of events past the retention period", arguments, run)
