"""Fault injection for the dev SMTP server.

A rule says: at stage "mail", "rcpt" or "data" (end of DATA, before delivery), for the next
`times` transactions (None: until cleared), optionally only for one recipient, wait `delay`
seconds and then answer `code` (e.g. 421, 451, 550), or `drop` the connection without answer,
or (no code, no drop) carry on normally after the delay.  A 421 also closes the connection, as
RFC 5321 says it should.

Control it in-process through MailServer.smtp_faults (a FaultControl), or for a server in another
process by writing STATE/faults.json (`python -m devmail fault ...` does that).  The file is
checked at every SMTP command and, whenever it changed, *replaces* the active rules; deleting it
clears them.  Format: {"rules": [{"stage": "rcpt", "code": 550, "recipient": "x@y.test",
"times": null}]}; the keys are the fields of Fault.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, cast

from devmail.errors import DevmailError

log = logging.getLogger(__name__)

Stage = Literal["mail", "rcpt", "data"]
STAGES: tuple[Stage, ...] = ("mail", "rcpt", "data")

_DEFAULT_TEXT = {
    421: "4.3.2 Service not available, closing transmission channel (devmail fault)",
    450: "4.2.1 Mailbox unavailable (devmail fault)",
    451: "4.3.0 Local error in processing, try again later (devmail fault)",
    452: "4.3.1 Insufficient system storage (devmail fault)",
    550: "5.1.1 Mailbox unavailable (devmail fault)",
    552: "5.3.4 Message too big (devmail fault)",
    554: "5.0.0 Transaction failed (devmail fault)",
}


@dataclass
class Fault:
    stage: Stage
    code: int | None = None
    message: str | None = None
    times: int | None = 1
    recipient: str | None = None
    drop: bool = False
    delay: float = 0.0
    # Transactions this rule already hit; a transaction counts once however many RCPTs it has.
    _hit: set[int] = field(default_factory=set, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise DevmailError(f"fault stage must be one of {', '.join(STAGES)}, not {self.stage!r}")
        if self.code is not None and not 400 <= self.code <= 599:
            raise DevmailError(f"fault code must be a 4xx or 5xx SMTP code, not {self.code}")
        if self.times is not None and self.times < 1:
            raise DevmailError("fault times must be at least 1 (or None for 'until cleared')")
        if self.recipient is not None:
            self.recipient = self.recipient.lower()

    @property
    def reply(self) -> str | None:
        if self.code is None:
            return None
        return f"{self.code} {self.message or _DEFAULT_TEXT.get(self.code, 'devmail fault')}"

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        known = {f.name for f in fields(cls) if not f.name.startswith("_")}
        unknown = set(data) - known
        if unknown:
            raise DevmailError(f"unknown fault keys: {', '.join(sorted(unknown))}")
        return cls(**data)


class FaultControl:
    """The active rules; thread-safe (tests add rules while the SMTP thread reads them)."""

    def __init__(self, control_file: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._file: Path | None = None
        self._file_sig: tuple[int, int, int] | None = None
        if control_file is not None:
            self.watch_file(control_file)

    def watch_file(self, control_file: Path) -> None:
        """Follow this control file from now on (its current content counts as a change)."""
        self._file = control_file
        self._file_sig = None

    def add(self, stage: Stage, code: int | None = None, **options: Any) -> Fault:
        """Add a rule, e.g. add("rcpt", 550, recipient="x@y.test", times=None)."""
        rule = Fault(stage, code, **options)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def rules(self) -> list[Fault]:
        """The rules that can still fire (`times` is what is left)."""
        with self._lock:
            return [r for r in self._rules if r.times is None or r.times > 0]

    def match(self, stage: Stage, transaction: int, recipients: list[str]) -> Fault | None:
        """The first rule that fires now; consumes one of its `times` per new transaction."""
        self._reload_if_changed()
        wanted = {r.lower() for r in recipients}
        with self._lock:
            for rule in self._rules:
                if rule.stage != stage or (rule.recipient is not None and rule.recipient not in wanted):
                    continue
                if transaction not in rule._hit:
                    if rule.times is not None and rule.times <= 0:
                        continue  # used up; kept only so the rest of its last transaction still sees it
                    rule._hit.add(transaction)
                    if rule.times is not None:
                        rule.times -= 1
                return rule
        return None

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self._file) if self._file else None
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size) if st else None

    def _reload_if_changed(self) -> None:
        sig = self._signature()
        if sig == self._file_sig or self._file is None:
            return
        self._file_sig = sig
        try:
            rules = load_rules(self._file) if sig else []
        except DevmailError as exc:
            log.warning("%s; keeping the previous fault rules", exc)
            return
        with self._lock:
            self._rules = rules


def load_rules(path: Path) -> list[Fault]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise DevmailError(f"cannot read fault file {path}: {exc}") from exc
    items = data.get("rules", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DevmailError(f"fault file {path}: expected a list of rules")
    return [Fault.from_json(cast(dict[str, Any], item)) for item in items]


def write_rules(path: Path, rules: list[Fault]) -> None:
    """Atomically replace the control file (the server must never read half a file)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"rules": [r.to_json() for r in rules]}, indent=2) + "\n")
    os.replace(tmp, path)
