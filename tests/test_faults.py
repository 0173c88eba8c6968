"""Faults against the real local servers (issue 7): each fault of the issue at three or more moments.

Every test starts from the same INBOX (six registrations, a question, an out-of-office reply and a
thank-you note, in batches of three), injects one fault at one moment, lets the worker fail as it
will, clears the fault, runs the plain `run --once` again until it is idle, and then checks the
invariant of tests/reliability.py: nothing lost, every effect once, access data only to registered
people, and a further run changes nothing.

Moments are log lines of the worker ("stage=fetched", ... in bot/worker.py, "sent ..." in
bot/outbox.py): in-process through `on_log`, or by SIGKILL through tests/killpoint.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.clock import FixedClock, parse_now
from bot.config import load_config
from bot.records import MailStatus
from bot.service import Service
from bot.store import Store
from bot.worker import Worker
from devmail.dovecot import DovecotProcess, ensure_installed
from devmail.faults import FaultControl, Stage
from devmail.pytest_plugin import MailUsers
from devmail.server import MailServer
from tests.botenv import BotEnv
from tests.faultproxy import FaultProxy
from tests.mailmaker import make
from tests.reliability import FIGURES, check, on_log, reliability_report

pytestmark = [pytest.mark.mailserver, pytest.mark.usefixtures(reliability_report.__name__)]

KILLPOINT = str(Path(__file__).with_name("killpoint.py"))
NOW = "2020-06-05T10:00"
RECOVER = ("2020-06-05T12:00",)  # well past every retry's backoff
ACCESS_AT = "2020-06-19T09:30"  # the access data are due at 9:00
ACCESS_RECOVER = ("2020-06-19T11:30",)
Users = Callable[[str], str]
# What our receiving server writes when the sender's domain checks out; with the example config's
# `require_authentication`, the bot acts only on such mail (the rest goes to staff).
AUTH = {"Authentication-Results": "mx01.b-b-e.de; spf=pass smtp.mailfrom=b-b-e.test; dkim=pass"}


# ---- the scene ---------------------------------------------------------------------------------


@dataclass
class Scene:
    bot: BotEnv
    members: list[str]
    asker: str
    away: str
    thanker: str
    start: list[bytes] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)

    def registrations(self) -> dict[str, str]:
        regs = dict.fromkeys(self.members, "registered")
        regs.update(dict.fromkeys(self.cancelled, "cancelled"))
        return regs

    def kinds(self, access: bool = False) -> dict[str, list[str]]:
        kinds = {m: ["confirmation", *(["access_data"] if access else [])] for m in self.members}
        kinds.update({m: ["confirmation", "cancellation"] for m in self.cancelled})
        kinds.update({self.asker: ["review_ack"], self.away: [], self.thanker: []})
        return kinds

    def settle(self, *times: str) -> None:
        """Plain runs after the fault is cleared: each completes, and one more finds nothing to do."""
        for now in times:
            code, _out, err = self.bot.run("run", "--once", "--now", now)
            assert code == 0, err
        code, out, err = self.bot.run("run", "--once", "--now", times[-1])
        assert code == 0, err
        assert "0 neue Mail(s)" in out and "0 Mail(s) gesendet" in out and "Aufgaben" not in out, out

    def verify(self, survived: Callable[[], None], access: bool = False) -> None:
        check(
            self.bot,
            self.start,
            registrations=self.registrations(),
            kinds=self.kinds(access),
            recipients=[*self.members, self.asker, self.away, self.thanker],
        )
        survived()


def scene(server: MailServer, users: Users, folder: Path, **extra: str) -> Scene:
    bot = BotEnv(server, users("info"), folder, extra={"batch_size = 200": "batch_size = 3", **extra})
    members = [users(name) for name in ("ada", "ben", "cem", "dina", "eva", "finn")]
    s = Scene(bot, members, users("asker"), users("away"), users("thanks"))
    regs = [
        make(
            "Hiermit melde ich mich an.",
            sender=m,
            message_id=f"<reg-{i}@{m.split('@')[0]}.test>",
            headers=AUTH,
        )
        for i, m in enumerate(members)
    ]
    question = make(
        "Gibt es eine Aufzeichnung der Sitzung?", sender=s.asker, message_id="<q@asker.test>", headers=AUTH
    )
    away = make(
        "Ich bin bis zum 20. Juni nicht im Büro.",
        sender=s.away,
        subject="Abwesenheitsnotiz: Einladung",
        headers={"Auto-Submitted": "auto-replied", **AUTH},
        message_id="<ooo@away.test>",
    )
    thanks = make(
        "Vielen Dank für die Einladung!", sender=s.thanker, message_id="<t@thanks.test>", headers=AUTH
    )
    s.start = [regs[0], regs[1], question, regs[2], regs[3], away, regs[4], regs[5], thanks]
    bot.deliver(*s.start)
    return s


def access_scene(server: MailServer, users: Users, folder: Path, **extra: str) -> Scene:
    """The scene handled cleanly on 5 June, one member cancelled on 10 June: ready for the access data."""
    s = scene(server, users, folder, **extra)
    s.bot.cycle(NOW)
    quitter = s.members.pop(2)
    cancel = make(
        "Leider muss ich meine Anmeldung zurückziehen.",
        sender=quitter,
        message_id="<cancel@quit.test>",
        headers=AUTH,
    )
    s.cancelled.append(quitter)
    s.start.append(cancel)
    s.bot.deliver(cancel)
    s.bot.cycle("2020-06-10T10:00")
    return s


def run_once(bot: BotEnv, now: str = NOW) -> tuple[int, str, str]:
    return bot.run("run", "--once", "--now", now)


def assert_clear_failure(code: int, err: str, *words: str) -> None:
    """Exit status 1 and one clear line naming the problem, never a traceback."""
    lines = [line for line in err.splitlines() if line.startswith("anmeldebot:")]
    assert code == 1, lines or err[-2000:]
    assert lines, err[-2000:]
    assert "Traceback" not in err and "unexpected error" not in lines[0], lines[0]
    assert any(word in lines[0] for word in words), lines[0]


# ---- Dovecot stopped in the middle of a cycle ------------------------------------------------------


@pytest.fixture(scope="module")
def own_server() -> Iterator[MailServer]:
    """A server of this module's own: stopping its Dovecot breaks no other test."""
    with MailServer() as server:
        yield server


def stop_dovecot(server: MailServer) -> None:
    # devmail has no public "stop only Dovecot"; its DovecotProcess is the unit that can do it.
    process = server._running.dovecot
    assert process is not None
    process.stop()


def start_dovecot(server: MailServer) -> None:
    old = server._running.dovecot
    assert old is not None
    if old.running():
        return
    new = DovecotProcess(ensure_installed(), old.paths)
    new.wait_ready(server.info.host, server.info.imap_port)
    server._running.dovecot = new


DOVECOT_MOMENTS = {
    "before the run": None,
    "after the first fetch": ("bot.worker", "stage=fetched", 1),
    "in the middle of sending": ("bot.outbox", "sent ", 4),
    "after the second batch was marked": ("bot.worker", "stage=marked", 2),
}


@pytest.mark.parametrize("moment", list(DOVECOT_MOMENTS))
def test_dovecot_stopped_in_the_middle_of_a_cycle(
    moment: str, own_server: MailServer, tmp_path: Path
) -> None:
    s = scene(own_server, MailUsers(own_server), tmp_path)
    survived = FIGURES.fault("Dovecot stopped mid-cycle", moment)
    point = DOVECOT_MOMENTS[moment]
    try:
        if point is None:
            stop_dovecot(own_server)
            code, _out, err = run_once(s.bot)
        else:
            logger, prefix, nth = point
            with on_log(logger, prefix, lambda: stop_dovecot(own_server), nth) as fired:
                code, _out, err = run_once(s.bot)
            assert fired, f"never reached {prefix} #{nth}"
        assert_clear_failure(code, err, "IMAP")
    finally:
        start_dovecot(own_server)
    s.settle(*RECOVER)
    s.verify(survived)


# ---- the IMAP connection dropped (a proxy between the bot and Dovecot) -----------------------------

IMAP_CUTS = {
    # kind, pattern, nth, after (server bytes let through; None: the server never sees the command)
    "first FETCH, before the server saw it": ("FETCH", b"UID FETCH", 1, None),
    "second FETCH, 700 bytes into the answer": ("FETCH", b"UID FETCH", 2, 700),
    "third FETCH, answered but never heard": ("FETCH", b"UID FETCH", 3, 0),
    "first MOVE, done but never heard": ("marking", b"UID MOVE", 1, 0),
    "second flag STORE, before the server saw it": ("marking", b"UID STORE", 2, None),
}


@pytest.mark.parametrize("moment", list(IMAP_CUTS))
def test_imap_connection_dropped(
    moment: str, mailserver: MailServer, mail_users: Users, tmp_path: Path
) -> None:
    what, pattern, nth, after = IMAP_CUTS[moment]
    with FaultProxy((mailserver.info.host, mailserver.info.imap_port)) as proxy:
        s = scene(mailserver, mail_users, tmp_path, **{"port = 10143": f"port = {proxy.port}"})
        survived = FIGURES.fault(f"IMAP connection dropped during {what}", moment)
        proxy.cut_on(pattern, nth=nth, after=after)
        code, _out, err = run_once(s.bot)
        assert proxy.cuts, "the cut never happened"
        assert_clear_failure(code, err, "IMAP")
        s.settle(*RECOVER)
    s.verify(survived)


# ---- SMTP: temporary failures, then the server recovers ---------------------------------------------

SMTP_TEMPORARY: dict[str, tuple[Stage, int, int | None, int | None]] = {
    "451 at MAIL for the first mail": ("mail", 451, None, 1),
    "421 at RCPT for the third member (connection closed)": ("rcpt", 421, 2, 1),
    "451 after DATA for the fifth member": ("data", 451, 4, 1),
    "421 at MAIL for every mail until cleared": ("mail", 421, None, None),
}


@pytest.mark.parametrize("moment", list(SMTP_TEMPORARY))
def test_smtp_temporary_failure_then_recovery(
    moment: str, mailserver: MailServer, mail_users: Users, smtp_faults: FaultControl, tmp_path: Path
) -> None:
    stage, code, member, times = SMTP_TEMPORARY[moment]
    s = scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SMTP 421/451, then recovery", moment)
    recipient = s.members[member] if member is not None else None
    smtp_faults.add(stage, code, recipient=recipient, times=times)
    exit_code, out, err = run_once(s.bot)
    assert exit_code == 0, err
    assert "später erneut" in out and " 0 später erneut" not in out, out
    smtp_faults.clear()
    s.settle(*RECOVER)
    s.verify(survived)


@pytest.mark.parametrize("nth", [1, 6])
def test_smtp_hangs_up_after_data_the_mail_is_in_doubt_not_doubled(
    nth: int, mailserver: MailServer, mail_users: Users, tmp_path: Path
) -> None:
    """The server took the mail, then the connection broke before its 250: never sent a second time."""
    survived = FIGURES.fault("SMTP connection dropped after DATA", f"mail {nth}")
    with FaultProxy((mailserver.info.host, mailserver.info.smtp_port)) as proxy:
        s = scene(mailserver, mail_users, tmp_path, **{"port = 10025": f"port = {proxy.port}"})
        proxy.cut_on(b"\r\n.\r\n", nth=nth, forward=True)
        code, _out, err = run_once(s.bot)
        assert code == 0, err
        assert proxy.cuts
        s.settle(*RECOVER)
    [doubt] = [m for m in Store(s.bot.store_path).outbox() if m.status is MailStatus.IN_DOUBT]
    s.verify(survived)
    # The server delivered it: the recipient has it once, and staff see the doubt.
    assert [m["Message-ID"] for m in s.bot.mails(doubt.to)].count(doubt.message_id) == 1


# ---- SMTP: 550 for one recipient ----------------------------------------------------------------


@pytest.mark.parametrize("member", [0, 3, 5], ids=["first mail", "fourth member", "last member"])
def test_smtp_550_for_one_recipient(
    member: int, mailserver: MailServer, mail_users: Users, smtp_faults: FaultControl, tmp_path: Path
) -> None:
    s = scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SMTP 550 for one recipient", f"member {member + 1}")
    refused = s.members[member]
    smtp_faults.add("rcpt", 550, recipient=refused, times=None)
    code, out, err = run_once(s.bot)
    assert code == 0, err
    assert "1 fehlgeschlagen" in out, out
    s.settle(*RECOVER)
    _assert_failed_and_shown(s, refused)
    s.verify(survived)


def _assert_failed_and_shown(s: Scene, refused: str) -> None:
    store = Store(s.bot.store_path)
    failed = store.outbox(frozenset({MailStatus.FAILED.value}))
    assert [(m.to, "550" in m.last_error) for m in failed] == [(refused, True)]
    assert s.bot.mails(refused) == []
    code, status, err = s.bot.run("status", "--now", RECOVER[-1])
    assert code == 0, err
    assert "1 fehlgeschlagen" in status, status


# ---- the store's disk full, or the store unwritable -------------------------------------------------


@dataclass
class Disk:
    """A 1 MB tmpfs holding the store; `fill()` is the fault, `clear()` ends it."""

    path: Path

    def fill(self) -> None:
        fd = os.open(self.path / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for size in (65536, 4096, 256, 16, 1):
                with contextlib.suppress(OSError):
                    while os.write(fd, b"\0" * size):
                        pass
        finally:
            os.close(fd)

    def clear(self) -> None:
        (self.path / "filler").unlink(missing_ok=True)

    def immutable(self, *paths: Path) -> None:
        """The store file and its folder cannot be changed (chattr +i): no temp file, no rename."""
        subprocess.run(["chattr", "+i", *map(str, paths)], check=True, capture_output=True)

    def mutable(self, *paths: Path) -> None:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True, capture_output=True)

    def read_only(self, on: bool = True) -> None:
        """The whole file system read-only (possible only while no process has a file open to write)."""
        option = "remount,ro" if on else "remount,rw"
        subprocess.run(["mount", "-o", option, str(self.path)], check=True, capture_output=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    folder = tmp_path / "store"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield Disk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


class Snapshot:
    """The store file as it was when the fault hit; it must still be exactly that afterwards."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.before: bytes | None = None

    def take(self) -> None:
        self.before = self.path.read_bytes() if self.path.exists() else None

    def assert_intact(self) -> None:
        now = self.path.read_bytes() if self.path.exists() else None
        assert now == self.before, "the snapshot changed during the failed write"
        if now:
            json.loads(now)
        leftovers = [p.name for p in self.path.parent.iterdir() if p.name.endswith(".tmp")]
        assert not leftovers, leftovers


STORE_FULL = {
    "at the first commit": ("bot.worker", "stage=classified", 1),
    "at the second batch's commit": ("bot.worker", "stage=marked", 1),
    "while journaling sends": ("bot.outbox", "sent ", 2),
}


@pytest.mark.parametrize("moment", list(STORE_FULL))
def test_store_disk_full(moment: str, mailserver: MailServer, mail_users: Users, disk: Disk) -> None:
    s = scene(mailserver, mail_users, disk.path.parent)
    survived = FIGURES.fault("store disk full", moment)
    snapshot = Snapshot(s.bot.store_path)
    logger, prefix, nth = STORE_FULL[moment]

    def fault() -> None:
        disk.fill()
        snapshot.take()

    with on_log(logger, prefix, fault, nth):
        code, _out, err = run_once(s.bot)
    assert_clear_failure(code, err, "store", "journal")
    snapshot.assert_intact()
    disk.clear()
    s.settle(*RECOVER)
    s.verify(survived)


def test_store_disk_full_when_the_access_data_are_due(
    mailserver: MailServer, mail_users: Users, disk: Disk
) -> None:
    s = access_scene(mailserver, mail_users, disk.path.parent)
    survived = FIGURES.fault("store disk full", "at the access-data job's commit")
    disk.fill()
    snapshot = Snapshot(s.bot.store_path)
    snapshot.take()
    code, _out, err = run_once(s.bot, ACCESS_AT)
    assert_clear_failure(code, err, "store")
    snapshot.assert_intact()
    assert all(kind != "access_data" for m in s.members for kind in _kinds(s.bot, m))
    disk.clear()
    s.settle(*ACCESS_RECOVER)
    s.verify(survived, access=True)


def _kinds(bot: BotEnv, address: str) -> list[str]:
    return [str(m["X-Anmeldebot-Kind"]) for m in bot.mails(address)]


STORE_IMMUTABLE = {
    "after the first fetch": ("bot.worker", "stage=fetched", 1),
    "in the middle of sending": ("bot.outbox", "sent ", 3),
}


@pytest.mark.parametrize("moment", list(STORE_IMMUTABLE))
def test_store_unwritable(moment: str, mailserver: MailServer, mail_users: Users, disk: Disk) -> None:
    s = scene(mailserver, mail_users, disk.path.parent)
    survived = FIGURES.fault("store unwritable", f"file and folder immutable, {moment}")
    snapshot = Snapshot(s.bot.store_path)
    logger, prefix, nth = STORE_IMMUTABLE[moment]
    frozen = [s.bot.store_path, disk.path]

    def fault() -> None:
        disk.immutable(*(p for p in frozen if p.exists()))
        snapshot.take()

    try:
        with on_log(logger, prefix, fault, nth):
            code, _out, err = run_once(s.bot)
        assert_clear_failure(code, err, "store", "journal")
        snapshot.assert_intact()
        code, _out, err = run_once(s.bot)  # still unwritable: a clear error again
        assert_clear_failure(code, err, "store", "journal")
        snapshot.assert_intact()
    finally:
        disk.mutable(*(p for p in frozen if p.exists()))
    s.settle(*RECOVER)
    s.verify(survived)


def test_the_long_running_worker_goes_on_after_the_journal_was_unwritable(
    mailserver: MailServer, mail_users: Users, disk: Disk
) -> None:
    """`anmeldebot run` keeps its store in memory between cycles: a failed write must not leave it
    believing what the disk does not say (a mail `sending` that never went would be in doubt)."""
    s = scene(mailserver, mail_users, disk.path.parent)
    survived = FIGURES.fault("store unwritable", "journal immutable, long-running worker, mid-send")
    journal = s.bot.store_path.with_name(s.bot.store_path.name + ".journal")
    config = load_config(s.bot.config_path)
    with Store(s.bot.store_path) as store:
        worker = Worker(config, store, FixedClock(parse_now(NOW, config.timezone)), s.bot.environ)
        service = Service(worker)
        try:
            with on_log("bot.outbox", "sent ", lambda: disk.immutable(journal), 2) as fired:
                service.one_cycle()  # the error is logged and the service goes on, as in `run`
            assert fired and service.backoff, "the fault never hit"
        finally:
            disk.mutable(journal)
        service.one_cycle()
        worker.disconnect()
    s.settle(*RECOVER)
    doubt = [m.purpose for m in Store(s.bot.store_path).outbox() if m.status is MailStatus.IN_DOUBT]
    assert not doubt, f"never handed to the server, yet in doubt: {doubt}"
    s.verify(survived)


def test_store_on_a_read_only_file_system(mailserver: MailServer, mail_users: Users, disk: Disk) -> None:
    s = scene(mailserver, mail_users, disk.path.parent)
    s.bot.cycle(NOW)  # a first cycle went well
    s.members.append(mail_users("gus"))
    s.start.append(
        make("Ich melde mich an.", sender=s.members[-1], message_id="<late@gus.test>", headers=AUTH)
    )
    s.bot.deliver(s.start[-1])
    survived = FIGURES.fault("store unwritable", "read-only file system between two runs")
    snapshot = Snapshot(s.bot.store_path)
    snapshot.take()
    disk.read_only()
    try:
        code, _out, err = run_once(s.bot, "2020-06-05T11:00")
        assert_clear_failure(code, err, "store", "lock", "Read-only")
        snapshot.assert_intact()
    finally:
        disk.read_only(False)
    s.settle(*RECOVER)
    s.verify(survived)


def test_store_temp_file_unwritable(mailserver: MailServer, mail_users: Users, tmp_path: Path) -> None:
    s = scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("store unwritable", "temp file path blocked at the second batch's commit")
    blocker = s.bot.store_path.with_name(f".{s.bot.store_path.name}.{os.getpid()}.tmp")
    snapshot = Snapshot(s.bot.store_path)

    def fault() -> None:
        blocker.mkdir()  # the snapshot's temp file cannot be created: a folder has its name
        snapshot.take()

    with on_log("bot.worker", "stage=marked", fault):
        code, _out, err = run_once(s.bot)
    assert_clear_failure(code, err, "store")
    blocker.rmdir()
    snapshot.assert_intact()
    s.settle(*RECOVER)
    s.verify(survived)


# ---- SIGKILL at each step of a cycle -------------------------------------------------------------

KILL_POINTS = {
    "after fetch": ("bot.worker", "stage=fetched"),
    "after classify": ("bot.worker", "stage=classified"),
    "after store": ("bot.worker", "stage=stored"),
    "during send": ("bot.outbox", "sent "),
    "before marking": ("bot.worker", "stage=sent"),
}
KILLS = [(step, nth) for step in KILL_POINTS for nth in ((1, 3, 5) if step == "during send" else (1, 2, 3))]


def kill_at(bot: BotEnv, logger: str, prefix: str, nth: int, now: str = NOW, delay: float = 0.0) -> None:
    killed = bot.subprocess(
        "run", "--once", "--now", now, wrapper=[KILLPOINT, logger, prefix, str(nth), str(delay), "--"]
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr


@pytest.mark.parametrize(("step", "nth"), KILLS, ids=[f"{s} #{n}" for s, n in KILLS])
def test_sigkill_at_each_step(
    step: str, nth: int, mailserver: MailServer, mail_users: Users, tmp_path: Path
) -> None:
    s = scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SIGKILL", f"{step} #{nth}")
    logger, prefix = KILL_POINTS[step]
    kill_at(s.bot, logger, prefix, nth)
    s.settle(*RECOVER)
    s.verify(survived)


def test_sigkill_while_the_server_holds_the_mail(
    mailserver: MailServer, mail_users: Users, smtp_faults: FaultControl, tmp_path: Path
) -> None:
    """Killed during DATA of the second mail (the server is slow): that mail is in doubt, never doubled."""
    s = scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SIGKILL", "during DATA (in doubt)")
    smtp_faults.add("data", delay=4.0, recipient=s.members[1])
    kill_at(s.bot, "bot.outbox", "sent ", 1, delay=1.5)
    smtp_faults.clear()
    s.settle(*RECOVER)
    store = Store(s.bot.store_path)
    assert [m.to for m in store.outbox() if m.status is MailStatus.IN_DOUBT] == [s.members[1]]
    s.verify(survived)


# ---- the access-data job under faults ------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    stage: Stage
    code: int
    members: tuple[int, ...] = ()  # () = every recipient
    times: int | None = 1  # None = until cleared
    after: int = 0  # set once this many access-data mails went out (0 = before the run)


ACCESS_SMTP = {
    "421 from the third access-data mail on": Refusal("mail", 421, times=None, after=2),
    "451 at RCPT for two members": Refusal("rcpt", 451, members=(1, 3)),
    "451 after DATA for the last member": Refusal("data", 451, members=(4,)),
}


@pytest.mark.parametrize("moment", list(ACCESS_SMTP))
def test_access_data_job_with_smtp_refusing_mid_bulk(
    moment: str, mailserver: MailServer, mail_users: Users, smtp_faults: FaultControl, tmp_path: Path
) -> None:
    s = access_scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SMTP refusing mid-bulk during the access-data job", moment)
    refusal = ACCESS_SMTP[moment]

    def refuse() -> None:
        recipients: list[str | None] = [s.members[i] for i in refusal.members]
        for recipient in recipients or [None]:
            smtp_faults.add(refusal.stage, refusal.code, recipient=recipient, times=refusal.times)

    if refusal.after:
        with on_log("bot.outbox", "sent access_data", refuse, refusal.after):
            exit_code, out, err = run_once(s.bot, ACCESS_AT)
    else:
        refuse()
        exit_code, out, err = run_once(s.bot, ACCESS_AT)
    assert exit_code == 0, err
    assert "access_data" in out and " 0 später erneut" not in out, out
    smtp_faults.clear()
    s.settle(*ACCESS_RECOVER)
    s.verify(survived, access=True)


def test_access_data_job_with_550_for_one_member(
    mailserver: MailServer, mail_users: Users, smtp_faults: FaultControl, tmp_path: Path
) -> None:
    s = access_scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SMTP 550 for one recipient", "access-data job")
    refused = s.members[3]
    smtp_faults.add("rcpt", 550, recipient=refused, times=None)
    code, out, err = run_once(s.bot, ACCESS_AT)
    assert code == 0 and "1 fehlgeschlagen" in out, (out, err)
    s.settle(*ACCESS_RECOVER)
    failed = Store(s.bot.store_path).outbox(frozenset({MailStatus.FAILED.value}))
    assert [(m.to, m.kind) for m in failed] == [(refused, "access_data")]
    s.verify(survived, access=True)


@pytest.mark.parametrize("nth", [2])
def test_access_data_job_killed_mid_bulk(
    nth: int, mailserver: MailServer, mail_users: Users, tmp_path: Path
) -> None:
    s = access_scene(mailserver, mail_users, tmp_path)
    survived = FIGURES.fault("SIGKILL", f"access-data job, after mail {nth}")
    kill_at(s.bot, "bot.outbox", "sent access_data", nth, now=ACCESS_AT)
    s.settle(*ACCESS_RECOVER)
    s.verify(survived, access=True)
