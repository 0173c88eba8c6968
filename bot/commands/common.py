"""Small helpers the commands share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.config import Event
from bot.errors import UsageError
from bot.store import Store

if TYPE_CHECKING:
    from bot.cli import Invocation


def event_arg(inv: Invocation, event_id: str) -> Event:
    """The event named on the command line, or a usage error listing the known ids."""
    try:
        return inv.config.event(event_id)
    except KeyError:
        known = ", ".join(e.id for e in inv.config.events)
        raise UsageError(f"unknown event {event_id!r} (known: {known})") from None


def open_store(inv: Invocation) -> Store:
    return Store(inv.config.require_storage().path)
