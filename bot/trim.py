"""Placeholder being replaced: split a plain-text mail body into reply, quote, forward, signature."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TrimResult:
    reply: str
    quoted: str = ""
    forwarded: str = ""
    signature: str = ""


def split_reply(text: str) -> TrimResult:
    lines = text.splitlines()
    keep = [line for line in lines if not line.startswith(">")]
    gone = [line for line in lines if line.startswith(">")]
    return TrimResult(reply="\n".join(keep).strip(), quoted="\n".join(gone))
