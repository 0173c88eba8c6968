"""The commands, each in its own module; this tuple is the whole list, in `--help` order."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.cli import Invocation


@dataclass(frozen=True)
class CommandSpec:
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Invocation], int]


def _specs() -> tuple[CommandSpec, ...]:
    # One import and one entry per command; the tuple's order is the order of `--help`.
    from bot.commands import (
        add,
        attendees,
        cancel,
        check,
        classify,
        export,
        preview,
        purge,
        resend,
        resolve,
        review,
        run,
        status,
    )

    return (
        classify.SPEC,
        run.SPEC,
        attendees.SPEC,
        preview.SPEC,
        status.SPEC,
        check.SPEC,
        export.SPEC,
        add.SPEC,
        cancel.SPEC,
        review.SPEC,
        resolve.SPEC,
        resend.SPEC,
        purge.SPEC,
    )


COMMANDS = _specs()
