"""The mails awaiting staff: listed by `review` and the digest, settled by `resolve` (bot/staff.py).

Each gets a short ID, the first 8 hex digits of a hash of its record key (the Message-ID), stable
across runs and machines, so the ID in this morning's digest still works in the afternoon.
"""

from __future__ import annotations

import hashlib

from bot.errors import UsageError
from bot.records import MessageRecord
from bot.store import Store


def review_id(key: str) -> str:
    """A short, stable ID for a message record, to type on the command line."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def open_reviews(store: Store) -> list[MessageRecord]:
    recs = [r for r in store.messages() if r.review_open]
    return sorted(recs, key=lambda r: (r.handled_at, r.key))


def find_record(store: Store, ident: str) -> MessageRecord:
    """The message record with this short ID (or full key); an unknown ID is a usage error."""
    ident = ident.strip()
    record = store.message(ident)
    if record is not None:
        return record
    found = [r for r in store.messages() if review_id(r.key) == ident.lower()]
    if not found:
        raise UsageError(f"keine Mail mit der ID {ident!r} (siehe anmeldebot review)")
    if len(found) > 1:
        raise UsageError(f"die ID {ident!r} passt auf {len(found)} Mails; bitte die Message-ID angeben")
    return found[0]


def folder_of(rec: MessageRecord) -> str:
    """The server folder the mail lies in now."""
    if rec.marked:
        return rec.target_folder or rec.folder
    return rec.folder
