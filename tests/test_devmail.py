"""Tests of the local dev mail server (devmail): Dovecot + SMTP with faults, API, CLI."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from imapclient import IMAPClient

from devmail import DevmailError, Fault, FaultControl, MailServer
from devmail.dovecot import group_members
from devmail.faults import write_rules
from devmail.pytest_plugin import MailUsers
from devmail.server import wait_gone

ROOT = Path(__file__).resolve().parent.parent


def _message(subject: str, to: str = "info@b-b-e.test", sender: str = "anna@example.org") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg.set_content(f"Text zu {subject}\n")
    return msg.as_bytes()


def _subjects(raw: list[bytes]) -> list[str]:
    return [
        line.split(b":", 1)[1].strip().decode()
        for m in raw
        for line in m.splitlines()
        if line.startswith(b"Subject:")
    ]


def _processes_mentioning(text: str) -> list[int]:
    """Pids whose command line contains text (Dovecot's children carry the instance name)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if text.encode() in cmdline and int(entry) != os.getpid():
                found.append(int(entry))
    return found


def _instance_name(config: Path) -> str:
    line = next(x for x in config.read_text().splitlines() if x.startswith("instance_name"))
    return line.split("=", 1)[1].strip()


# -- without a server ------------------------------------------------------------------------


def test_fault_rules_count_transactions_not_recipients() -> None:
    control = FaultControl()
    control.add("rcpt", 451, times=1)
    assert control.match("rcpt", 1, ["a@x.test"]) is not None
    assert control.match("rcpt", 1, ["b@x.test"]) is not None  # same transaction, still hit
    assert control.match("rcpt", 2, ["a@x.test"]) is None
    assert control.rules == []


def test_fault_rules_for_one_recipient_until_cleared() -> None:
    control = FaultControl()
    control.add("rcpt", 550, recipient="Bad@X.test", times=None)
    assert control.match("rcpt", 1, ["good@x.test"]) is None
    for transaction in range(1, 5):
        rule = control.match("rcpt", transaction, ["bad@x.test"])
        assert rule is not None and rule.reply is not None and rule.reply.startswith("550 ")
    control.clear()
    assert control.match("rcpt", 9, ["bad@x.test"]) is None


def test_fault_rejects_nonsense() -> None:
    with pytest.raises(DevmailError):
        Fault("helo", 550)  # type: ignore[arg-type]
    with pytest.raises(DevmailError):
        Fault("mail", 250)


# -- own server: life cycle --------------------------------------------------------------------


@pytest.mark.mailserver
def test_start_stop_leaves_no_process() -> None:
    started = time.perf_counter()
    srv = MailServer()
    info = srv.start()
    print(f"devmail start took {time.perf_counter() - started:.2f}s")
    config = Path(info.state_dir) / "dovecot.conf"
    instance = _instance_name(config)
    pgid = srv.dovecot_pid
    assert pgid in _processes_mentioning(str(config))  # (fresh workers briefly show it too)
    assert pgid in group_members(pgid)  # (its workers may still be forking: not counted here)

    started = time.perf_counter()
    srv.stop()
    print(f"devmail stop took {time.perf_counter() - started:.2f}s")
    assert group_members(pgid) == []
    assert _processes_mentioning(str(config)) == []
    assert _processes_mentioning(instance) == []
    assert not Path(info.state_dir).exists()  # it made the folder, so it removes it
    srv.stop()  # a second stop is harmless


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder Dovecot's users can reach (pytest's tmp_path sits below a 0700 folder)."""
    with tempfile.TemporaryDirectory(prefix="abm-test-", dir="/tmp") as folder:
        Path(folder).chmod(0o755)
        yield Path(folder)


@pytest.mark.mailserver
def test_given_state_dir_is_kept_and_reusable(short_tmp: Path) -> None:
    state = short_tmp / "state"
    with MailServer(state) as srv:
        srv.append("info@b-b-e.test", [_message("bleibt")])
    assert (state / "mail").is_dir()
    assert not (state / "server.json").exists()
    with MailServer(state) as srv:  # same folder again: same TLS files, mail still there
        assert _subjects(srv.messages("info@b-b-e.test")) == ["bleibt"]


@pytest.mark.mailserver
def test_unreachable_state_dir_is_a_clear_error(short_tmp: Path) -> None:
    short_tmp.chmod(0o700)
    with pytest.raises(DevmailError, match="not searchable"):
        MailServer(short_tmp / "state").start()


@pytest.mark.mailserver
def test_long_state_path_moves_sockets_to_a_short_folder(short_tmp: Path) -> None:
    state = short_tmp / ("x" * 80) / "state"
    with MailServer(state) as srv:
        srv.append("info@b-b-e.test", [_message("lang")])
        assert len(_subjects(srv.messages("info@b-b-e.test"))) == 1


@pytest.mark.mailserver
@pytest.mark.slow  # Dovecot's workers need up to ~6 s to notice that their master is gone
def test_sigkill_of_parent_takes_dovecot_down() -> None:
    script = (
        "from devmail import MailServer as M; s = M(); s.start()\n"
        "print(s.dovecot_pid, s.state_dir, flush=True); input()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    pid_text, state_dir = child.stdout.readline().split()
    pgid = int(pid_text)
    assert group_members(pgid)
    child.send_signal(signal.SIGKILL)
    child.wait()
    killed = time.monotonic()
    while group_members(pgid) and time.monotonic() < killed + 20:
        time.sleep(0.05)
    print(f"dovecot gone {time.monotonic() - killed:.2f}s after SIGKILL of its parent")
    assert group_members(pgid) == []
    shutil.rmtree(
        state_dir, ignore_errors=True
    )  # left behind by the killed process (a later start would sweep it)


# -- shared server: mailboxes -----------------------------------------------------------------


@pytest.mark.mailserver
def test_append_and_read_back(mailserver: MailServer, mail_users: MailUsers) -> None:
    user = mail_users("info")
    assert mailserver.append(user, [_message(f"Nachricht {n}") for n in range(5)]) == 5
    assert mailserver.append(user, [_message("alt")], folder="Archiv") == 1

    assert _subjects(mailserver.messages(user)) == [f"Nachricht {n}" for n in range(5)]
    assert _subjects(mailserver.messages(user, folder="Archiv")) == ["alt"]
    assert mailserver.folders(user) == ["Archiv", "INBOX"]
    # ...and as any IMAP client sees it.
    info = mailserver.info
    with IMAPClient(info.host, port=info.imap_port, ssl=False) as client:
        client.login(user, info.password)
        client.select_folder("INBOX", readonly=True)
        assert len(client.search("ALL")) == 5


@pytest.mark.mailserver
def test_custom_password(mailserver: MailServer, mail_users: MailUsers) -> None:
    user = mailserver.add_user(mail_users("kassenwart"), password="geheim")
    info = mailserver.info
    with IMAPClient(info.host, port=info.imap_port, ssl=False) as client:
        client.login(user, "geheim")
    with (
        IMAPClient(info.host, port=info.imap_port, ssl=False) as client,
        pytest.raises(Exception, match="AUTH"),
    ):
        client.login(user, "falsch")


@pytest.mark.mailserver
def test_send_to_two_recipients_with_aiosmtplib(mailserver: MailServer, mail_users: MailUsers) -> None:
    anna, bert = mail_users("anna"), mail_users("bert")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "info@b-b-e.test", f"{anna}, {bert}", "Einladung"
    msg.set_content("Bitte anmelden.\n")
    info = mailserver.info
    errors, _ = asyncio.run(aiosmtplib.send(msg, hostname=info.host, port=info.smtp_port))
    assert errors == {}
    for user in (anna, bert):  # 250 means delivered: no waiting needed
        [raw] = mailserver.messages(user)
        assert b"Subject: Einladung" in raw
        assert f"Delivered-To: {user}".encode() in raw


@pytest.mark.mailserver
def test_unknown_recipient_is_provisioned(mailserver: MailServer) -> None:
    address = f"Neu-{time.time_ns()}@Example.test"
    with smtplib.SMTP(mailserver.info.host, mailserver.info.smtp_port) as smtp:
        smtp.sendmail("info@b-b-e.test", [address], _message("hallo", to=address))
    assert address.lower() in mailserver.users()
    assert _subjects(mailserver.messages(address)) == ["hallo"]


# -- shared server: faults ----------------------------------------------------------------------


@pytest.mark.mailserver
def test_fault_451_then_recovery(
    mailserver: MailServer, mail_users: MailUsers, smtp_faults: FaultControl
) -> None:
    user = mail_users("info")
    smtp_faults.add("mail", 451, times=1)
    with smtplib.SMTP(mailserver.info.host, mailserver.info.smtp_port) as smtp:
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            smtp.sendmail("bot@b-b-e.test", [user], _message("erster Versuch"))
        assert refused.value.smtp_code == 451
        smtp.sendmail("bot@b-b-e.test", [user], _message("zweiter Versuch"))
    assert _subjects(mailserver.messages(user)) == ["zweiter Versuch"]


@pytest.mark.mailserver
def test_fault_550_for_one_recipient(
    mailserver: MailServer, mail_users: MailUsers, smtp_faults: FaultControl
) -> None:
    good, bad = mail_users("gut"), mail_users("schlecht")
    smtp_faults.add("rcpt", 550, recipient=bad, times=None)
    with smtplib.SMTP(mailserver.info.host, mailserver.info.smtp_port) as smtp:
        for _ in range(2):  # until cleared: every transaction
            refused = smtp.sendmail("bot@b-b-e.test", [good, bad], _message("Rundbrief"))
            assert refused[bad][0] == 550
    assert _subjects(mailserver.messages(good)) == ["Rundbrief", "Rundbrief"]
    assert mailserver.messages(bad) == []


@pytest.mark.mailserver
def test_fault_421_closes_and_data_drop(
    mailserver: MailServer, mail_users: MailUsers, smtp_faults: FaultControl
) -> None:
    user = mail_users("info")
    host, port = mailserver.info.host, mailserver.info.smtp_port
    smtp_faults.add("rcpt", 421)
    with smtplib.SMTP(host, port) as smtp, pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp.sendmail("bot@b-b-e.test", [user], _message("eins"))
    smtp_faults.add("data", drop=True)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        smtplib.SMTP(host, port).sendmail("bot@b-b-e.test", [user], _message("zwei"))
    assert mailserver.messages(user) == []  # a dropped DATA is not delivered


@pytest.mark.mailserver
def test_fault_delay(mailserver: MailServer, mail_users: MailUsers, smtp_faults: FaultControl) -> None:
    user = mail_users("info")
    smtp_faults.add("data", delay=0.5)
    started = time.perf_counter()
    with smtplib.SMTP(mailserver.info.host, mailserver.info.smtp_port) as smtp:
        smtp.sendmail("bot@b-b-e.test", [user], _message("langsam"))
    assert time.perf_counter() - started >= 0.5
    assert _subjects(mailserver.messages(user)) == ["langsam"]


@pytest.mark.mailserver
def test_fault_control_file(mailserver: MailServer, mail_users: MailUsers) -> None:
    user = mail_users("info")
    control = mailserver.state_dir / "faults.json"
    write_rules(control, [Fault("data", 554, times=None)])
    with smtplib.SMTP(mailserver.info.host, mailserver.info.smtp_port) as smtp:
        with pytest.raises(smtplib.SMTPDataError) as failed:
            smtp.sendmail("bot@b-b-e.test", [user], _message("abgelehnt"))
        assert failed.value.smtp_code == 554
        control.unlink()  # removing the file clears the rules
        smtp.sendmail("bot@b-b-e.test", [user], _message("angenommen"))
    assert _subjects(mailserver.messages(user)) == ["angenommen"]


# -- shared server: TLS ---------------------------------------------------------------------------


@pytest.mark.mailserver
def test_imaps_and_starttls_login_with_generated_ca(mailserver: MailServer, mail_users: MailUsers) -> None:
    user = mail_users("tls")
    info = mailserver.info
    with IMAPClient(info.host, port=info.imaps_port, ssl=True, ssl_context=info.ssl_context()) as client:
        client.login(user, info.password)
    with IMAPClient(info.host, port=info.imap_port, ssl=False) as client:
        client.starttls(info.ssl_context())
        client.login(user, info.password)
    # SMTP: STARTTLS on its own port, implicit TLS on another; AUTH accepts the dev password.
    with smtplib.SMTP(info.host, info.smtp_starttls_port) as smtp:
        smtp.starttls(context=info.ssl_context())
        smtp.login(user, info.password)
        smtp.sendmail(user, [user], _message("starttls", to=user))
    with smtplib.SMTP_SSL(info.host, info.smtps_port, context=info.ssl_context()) as smtp:
        smtp.sendmail(user, [user], _message("smtps", to=user))
    with smtplib.SMTP(info.host, info.smtp_port) as smtp:
        smtp.ehlo()
        assert not smtp.has_extn("starttls")  # so opportunistic clients stay on plain text
    assert _subjects(mailserver.messages(user)) == ["starttls", "smtps"]


# -- CLI ---------------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devmail", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.mailserver
def test_cli_start_append_show_stop() -> None:
    with tempfile.TemporaryDirectory(prefix="abm-cli-", dir="/tmp") as folder:
        Path(folder).chmod(0o755)
        state = str(Path(folder) / "state")
        eml = Path(folder) / "a.eml"
        eml.write_bytes(_message("Anmeldung Sommerfest"))
        started = time.perf_counter()
        assert _cli("start", "--state", state).returncode == 0
        print(f"CLI start took {time.perf_counter() - started:.2f}s")
        try:
            info = json.loads((Path(state) / "server.json").read_text())
            assert _cli("status", "--state", state).returncode == 0
            assert "already running" in _cli("start", "--state", state).stderr
            assert _cli("append", "--state", state, "--user", "info@b-b-e.test", str(eml)).returncode == 0
            shown = _cli("show", "--state", state, "--user", "info@b-b-e.test")
            assert "Anmeldung Sommerfest" in shown.stdout
            missing = _cli("append", "--state", state, "--user", "info@b-b-e.test", "/nonexistent.eml")
            assert missing.returncode == 1
            assert missing.stderr.startswith("devmail: error:")
            assert "Traceback" not in missing.stderr
        finally:
            assert _cli("stop", "--state", state).returncode == 0
        assert _processes_mentioning(str(Path(state) / "dovecot.conf")) == []
        assert wait_gone(info["pid"], 0)  # (a zombie at most, if this machine's init does not reap)
        assert _cli("status", "--state", state).returncode == 1
