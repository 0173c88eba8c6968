"""What every fault and bad-input test checks at its end (issue 7), and the figures they add up to.

`check()` is the invariant, read back from the real servers and the store file:

* every mail that was in the INBOX at the start is, at the end, exactly once in Anmeldebot/Erledigt,
  in Anmeldebot/Prüfen, or still in the INBOX flagged as handled ("other" mail stays for staff); none
  is lost, none is there twice, none is left unflagged;
* the store has one record per such mail, filed where the mail is; everything in Prüfen is open for
  staff (a mail that broke a step carries its error);
* the registrations are exactly those the handled mails asked for;
* every mail the bot wrote that the store says was sent is in its recipient's mailbox exactly once;
  no mail is anywhere twice, and none is there that the store does not know;
* every access-data mail and reminder went to an address registered for that event.

`FIGURES` adds up faults injected and survived by kind, bad inputs tried and mails lost; the
`reliability_report` fixture prints them at the end of the session (scripts/fuzz prints its own).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from bot.records import MailStatus, Outcome
from bot.store import Store
from devmail.server import MailServer
from tests.botenv import BotEnv

FLAG = b"$Anmeldebot"
DONE, REVIEW = "Anmeldebot/Erledigt", "Anmeldebot/Prüfen"  # as config.toml names them
ON_SERVER = {DONE: "Anmeldebot.Erledigt", REVIEW: "Anmeldebot.Prüfen"}  # Dovecot's maildir spelling
ACCESS_KINDS = frozenset({"access_data", "reminder"})
_HEADERS = BytesHeaderParser(policy=compat32)


# ---- reading the mailboxes back ------------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    raw: bytes
    flags: frozenset[bytes]


def normal(raw: bytes) -> bytes:
    """A message as the server gives it back: CRLF line ends, NUL bytes stored as 0x80 by Dovecot."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").replace(b"\x00", b"\x80")


def fingerprint(raw: bytes) -> str:
    return hashlib.sha256(normal(raw)).hexdigest()


def read_folder(server: MailServer, user: str, folder: str = "INBOX") -> list[Held]:
    """Every message of a folder with its flags, in UID order; [] when the folder does not exist."""
    client = IMAPClient(server.info.host, port=server.info.imap_port, ssl=False, timeout=120)
    try:
        try:
            client.login(user, server.info.password)
        except IMAPClientError:
            # Dovecot takes no login (and no delivery) for some names, e.g. with "=" or quotes:
            # nothing can be in such a mailbox, and a mail the store calls sent would be missed.
            return []
        if not client.folder_exists(folder):
            return []
        client.select_folder(folder, readonly=True)
        uids = sorted(client.search("ALL"))
        held: list[Held] = []
        for start in range(0, len(uids), 500):
            data = client.fetch(uids[start : start + 500], ["BODY.PEEK[]", "FLAGS"])
            held.extend(
                Held(bytes(data[uid][b"BODY[]"]), frozenset(data[uid][b"FLAGS"])) for uid in sorted(data)
            )
        return held
    finally:
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()


def newest(server: MailServer, user: str, count: int, folder: str = "INBOX") -> list[bytes]:
    """The last `count` messages of a folder as the server keeps them.

    Dovecot stores some bytes differently from how they were appended (NUL as 0x80, CR CR LF as
    CR LF, ...); what it holds right after the append is what the mail must still be at the end.
    """
    client = IMAPClient(server.info.host, port=server.info.imap_port, ssl=False, timeout=120)
    try:
        client.login(user, server.info.password)
        client.select_folder(folder, readonly=True)
        uids = sorted(client.search("ALL"))[-count:] if count else []
        held: list[bytes] = []
        for start in range(0, len(uids), 500):
            data = client.fetch(uids[start : start + 500], ["BODY.PEEK[]"])
            held.extend(bytes(data[uid][b"BODY[]"]) for uid in sorted(data))
        return held
    finally:
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()


def header(raw: bytes, name: str) -> str:
    value = _HEADERS.parsebytes(raw).get(name)
    return str(value).strip() if value is not None else ""


# ---- the invariant -----------------------------------------------------------------------------


class InvariantError(AssertionError):
    pass


@dataclass
class Tally:
    mails: int = 0  # mails of the start accounted for
    lost: int = 0
    done: int = 0
    review: int = 0
    left_flagged: int = 0
    sent_checked: int = 0  # mails the bot wrote, found once each
    access_checked: int = 0  # access-data mails and reminders checked against the registrations
    failed: list[str] = field(default_factory=list)  # recipients of failed or in-doubt mail


def check(
    bot: BotEnv,
    start: Sequence[bytes],
    *,
    registrations: Mapping[str, str] | None = None,
    kinds: Mapping[str, Sequence[str]] | None = None,
    recipients: Iterable[str] = (),
    event: str = "2020-06-22-zoom",
) -> Tally:
    """The invariant after a fault (see the module doc), once the worker has settled.

    `registrations`: email -> status expected for `event` (and no registration elsewhere);
    `kinds`: recipient -> the kinds of mail they must hold (a failed or in-doubt mail may be missing).
    """
    tally = Tally()
    store = Store(bot.store_path)
    try:
        _check_mail_accounted(bot, start, store, tally)
        regs = _check_registrations(store, registrations, event)
        addresses = {*recipients, *(m.to for m in store.outbox()), *(email for _e, email in regs)}
        _check_outgoing(bot, store, sorted(addresses), kinds or {}, tally)
    finally:
        store.close()
    FIGURES.lost += tally.lost
    FIGURES.mails_checked += tally.mails
    FIGURES.access_checked += tally.access_checked
    return tally


def _check_mail_accounted(bot: BotEnv, start: Sequence[bytes], store: Store, tally: Tally) -> None:
    inbox = read_folder(bot.server, bot.info, "INBOX")
    done = read_folder(bot.server, bot.info, ON_SERVER[DONE])
    review = read_folder(bot.server, bot.info, ON_SERVER[REVIEW])
    flagged = [h for h in inbox if FLAG in h.flags]
    unflagged = [h for h in inbox if FLAG not in h.flags]
    found = Counter(fingerprint(h.raw) for h in [*done, *review, *flagged])
    wanted = Counter(fingerprint(raw) for raw in start)
    lost = wanted - found
    tally.lost = sum(lost.values())
    tally.mails = sum(wanted.values())
    tally.done, tally.review, tally.left_flagged = len(done), len(review), len(flagged)
    if lost or unflagged:
        raise InvariantError(
            f"{tally.lost} mail(s) of the start are nowhere handled; {len(unflagged)} unflagged in the INBOX"
        )
    extra = found - wanted
    if extra:
        raise InvariantError(f"{sum(extra.values())} mail(s) more than at the start (a copy, or unknown)")

    records = store.messages()
    unmarked = [r.key for r in records if not r.marked]
    if unmarked:
        raise InvariantError(f"records not marked on the server: {unmarked[:5]}")
    filed = Counter(r.target_folder for r in records)
    where = {DONE: len(done), REVIEW: len(review), "": len(flagged)}
    if {k: filed.get(k, 0) for k in where} != where or set(filed) - set(where):
        raise InvariantError(f"store records by folder {dict(filed)} != mailbox {where}")
    for rec in records:
        if rec.target_folder == REVIEW and not (rec.outcome is Outcome.REVIEW or rec.review_open):
            raise InvariantError(f"{rec.key} is in {REVIEW} but not open for staff")
        if rec.error and rec.target_folder != REVIEW:
            raise InvariantError(f"{rec.key} broke a step ({rec.error}) but was not set aside")


def _check_registrations(
    store: Store, expected: Mapping[str, str] | None, event: str
) -> dict[tuple[str, str], str]:
    regs = {(r.event, r.email): r.status.value for r in store.registrations()}
    asked = {
        (action["event"], person["email"])
        for rec in store.messages()
        if rec.outcome is Outcome.HANDLED
        for action in rec.classification.get("actions", [])
        for person in action["attendees"]
    }
    if set(regs) != asked:
        raise InvariantError(
            f"registrations {sorted(set(regs) - asked)} come from no handled mail; "
            f"{sorted(asked - set(regs))} asked for but missing"
        )
    if expected is not None:
        want = {(event, email): status for email, status in expected.items()}
        if regs != want:
            raise InvariantError(f"registrations {regs} != expected {want}")
    return regs


def _check_outgoing(
    bot: BotEnv, store: Store, addresses: list[str], kinds: Mapping[str, Sequence[str]], tally: Tally
) -> None:
    outbox = store.outbox()
    by_id = {m.message_id: m for m in outbox}
    unsettled = [m.purpose for m in outbox if m.status in (MailStatus.QUEUED, MailStatus.RETRY)]
    if unsettled:
        raise InvariantError(f"mail still waiting to be sent: {unsettled[:5]}")
    in_mailbox: Counter[str] = Counter()
    for address in addresses:
        if not address.isascii():  # no SMTP server takes it from us, and no IMAP login names it
            if any(m.to == address and m.status is MailStatus.SENT for m in outbox):
                raise InvariantError(f"a mail to {address!r} counts as sent")
            continue
        ours = [h.raw for h in read_folder(bot.server, address) if bot.info in header(h.raw, "From")]
        ids = Counter(header(raw, "Message-ID") for raw in ours)
        twice = [mid for mid, n in ids.items() if n > 1]
        if twice:
            raise InvariantError(f"{address} holds the same mail more than once: {twice}")
        held_kinds: list[str] = []
        for mid in ids:
            mail = by_id.get(mid)
            if (
                mail is None
                or mail.to != address
                or mail.status not in (MailStatus.SENT, MailStatus.IN_DOUBT)
            ):
                raise InvariantError(f"{address} holds {mid}, which the store does not say went there")
            in_mailbox[mid] += 1
            held_kinds.append(mail.kind)
            if mail.kind in ACCESS_KINDS:
                _check_access(store, mail.event or "", address, mail.kind)
                tally.access_checked += 1
        if address in kinds:
            _check_kinds(store, address, held_kinds, kinds[address])
    for mail in outbox:
        if mail.status is MailStatus.SENT and mail.to in addresses:
            if in_mailbox[mail.message_id] != 1:
                raise InvariantError(f"sent {mail.purpose} is not in {mail.to}'s mailbox")
            tally.sent_checked += 1
        elif mail.status in (MailStatus.FAILED, MailStatus.IN_DOUBT):
            tally.failed.append(mail.to)


def _check_access(store: Store, event: str, address: str, kind: str) -> None:
    reg = store.registration(event, address)
    if reg is None or not any(entry.get("status") == "registered" for entry in reg.history):
        raise InvariantError(f"{kind} for {event} reached {address}, who was never registered for it")


def _check_kinds(store: Store, address: str, held: list[str], wanted: Sequence[str]) -> None:
    missing = Counter(wanted) - Counter(held)
    unexpected = Counter(held) - Counter(wanted)
    excused = Counter(
        m.kind
        for m in store.outbox()
        if m.to == address and m.status in (MailStatus.FAILED, MailStatus.IN_DOUBT)
    )
    if unexpected or missing - excused:
        raise InvariantError(f"{address} holds {sorted(held)}, expected {sorted(wanted)}")


# ---- moments: act when the worker logs a step ----------------------------------------------------


@contextlib.contextmanager
def on_log(logger: str, prefix: str, action: Callable[[], None], nth: int = 1) -> Iterator[list[str]]:
    """Run `action` inside the worker the `nth` time `logger` logs a line starting with `prefix`.

    The worker logs every step of a cycle ("stage=fetched", ...) and every mail sent ("sent ...");
    this turns them into exact moments for an in-process run, with no hook in the bot.
    """
    fired: list[str] = []
    seen = 0

    class Trigger(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            nonlocal seen
            message = record.getMessage()
            if message.startswith(prefix):
                seen += 1
                if seen == nth:
                    fired.append(message)
                    action()

    target = logging.getLogger(logger)
    handler = Trigger(logging.DEBUG)
    level = target.level
    target.setLevel(logging.DEBUG)
    target.addHandler(handler)
    try:
        yield fired
    finally:
        target.removeHandler(handler)
        target.setLevel(level)


# ---- the figures -------------------------------------------------------------------------------


@dataclass
class Figures:
    injected: Counter[str] = field(default_factory=Counter)  # faults by kind
    survived: Counter[str] = field(default_factory=Counter)
    inputs: Counter[str] = field(default_factory=Counter)  # bad inputs through the worker, by source
    refused_by_server: int = 0  # bad inputs Dovecot would not store (never reach any worker)
    set_aside: int = 0  # bad inputs that ended in Anmeldebot/Prüfen
    lost: int = 0
    mails_checked: int = 0
    access_checked: int = 0
    slowest: tuple[float, str] = (0.0, "")  # seconds per cycle / per message, and which
    moments: dict[str, set[str]] = field(default_factory=dict)

    def fault(self, kind: str, moment: str) -> Callable[[], None]:
        """Count an injected fault; call the returned function once the invariant held after it."""
        self.injected[kind] += 1
        self.moments.setdefault(kind, set()).add(moment)
        return lambda: self.survived.update([kind])

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.injected:
            out.append(
                f"faults injected {sum(self.injected.values())}, survived {sum(self.survived.values())}:"
            )
            out += [
                f"  {kind}: {n} injected at {len(self.moments[kind])} moments, {self.survived[kind]} survived"
                for kind, n in self.injected.items()
            ]
        if self.inputs:
            tried = ", ".join(f"{source} {n}" for source, n in self.inputs.items())
            out.append(f"bad inputs through the worker {sum(self.inputs.values())} ({tried})")
            out.append(
                f"  set aside for staff {self.set_aside}; refused by Dovecot before any worker saw them "
                f"{self.refused_by_server}"
            )
            if self.slowest[1]:
                out.append(f"  slowest: {self.slowest[1]} in {self.slowest[0]:.1f} s")
        if out:
            out.append(
                f"mails accounted for {self.mails_checked}, lost {self.lost}; access-data mails and "
                f"reminders checked {self.access_checked}, all to registered addresses"
            )
        return out

    def note_slow(self, seconds: float, what: str) -> None:
        if seconds > self.slowest[0]:
            self.slowest = (seconds, what)


FIGURES = Figures()


class _Summary:
    """Prints the figures after the session, outside pytest's output capture."""

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        lines = FIGURES.lines()
        if not lines:
            return
        terminalreporter.section("reliability figures (issue 7)")
        for line in lines:
            terminalreporter.write_line(line)
        target = os.environ.get("ANMELDEBOT_FIGURES")
        if target:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")


@pytest.fixture(scope="session")
def reliability_report(request: pytest.FixtureRequest) -> Figures:
    manager = request.config.pluginmanager
    if not manager.has_plugin("reliability-figures"):
        manager.register(_Summary(), "reliability-figures")
    return FIGURES
