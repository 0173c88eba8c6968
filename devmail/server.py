"""MailServer: a private Dovecot (IMAP, IMAPS, STARTTLS, LMTP) plus the dev SMTP server.

State folder layout (STATE):
    dovecot.conf  users  mail/  tls/{ca,cert,key}.pem  lib/  run/  dovecot.log
    faults.json (optional fault control)  server.json (connection info, while running)
run/ holds Dovecot's sockets; when STATE is a long path it moves to a short /tmp/abm-run-* folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import ssl
import stat
import tempfile
import time
import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from devmail import mailbox, users
from devmail.dovecot import DovecotPaths, DovecotProcess, ensure_installed, free_port, render_config
from devmail.errors import DevmailError
from devmail.faults import FaultControl
from devmail.smtp import DevHandler, SmtpServer, make_authenticator
from devmail.tls import ensure_tls

DEFAULT_PASSWORD = "secret"
SHORT_PREFIX = "abm-"
_MAX_BASE_DIR = 60  # Dovecot socket names add ~25 chars; sun_path allows 107
_OWNER_FILE = "devmail-owner"


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running server; also written to STATE/server.json."""

    host: str
    imap_port: int
    imaps_port: int
    smtp_port: int  # never offers STARTTLS
    smtp_starttls_port: int  # offers STARTTLS (submission style)
    smtps_port: int  # implicit TLS
    ca_file: str
    password: str
    state_dir: str
    pid: int

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def load(cls, state_dir: Path) -> ServerInfo:
        path = state_dir / "server.json"
        try:
            return cls(**json.loads(path.read_text()))
        except FileNotFoundError:
            raise DevmailError(f"no server running for {state_dir} ({path} is missing)") from None
        except (ValueError, TypeError) as exc:
            raise DevmailError(f"{path} is unreadable: {exc}") from exc

    @property
    def imap(self) -> mailbox.ImapTarget:
        return mailbox.ImapTarget(self.host, self.imap_port, self.password)

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts exactly the server's throw-away CA."""
        return ssl.create_default_context(cafile=self.ca_file)


class _Running:
    """What must be undone at stop; kept apart from MailServer so weakref.finalize can own it."""

    def __init__(self) -> None:
        self.dovecot: DovecotProcess | None = None
        self.smtp: SmtpServer | None = None
        self.remove_dirs: list[Path] = []
        self.info_file: Path | None = None

    def stop(self) -> None:
        # Nested finally: a failing step must never leave Dovecot running or folders behind.
        try:
            if self.smtp is not None:
                self.smtp.stop()
        finally:
            try:
                if self.dovecot is not None:
                    self.dovecot.stop()
            finally:
                if self.info_file is not None:
                    self.info_file.unlink(missing_ok=True)
                for folder in self.remove_dirs:
                    shutil.rmtree(folder, ignore_errors=True)


class MailServer:
    """Start with start() or `with MailServer() as srv:`; every address is a mailbox."""

    def __init__(
        self,
        state_dir: str | os.PathLike[str] | None = None,
        *,
        password: str = DEFAULT_PASSWORD,
        host: str = "127.0.0.1",
        imap_port: int = 0,
        imaps_port: int = 0,
        smtp_port: int = 0,
        smtp_starttls_port: int = 0,
        smtps_port: int = 0,
    ) -> None:
        self._given_state = Path(state_dir).absolute() if state_dir is not None else None
        self.password = password
        self.host = host
        self._ports = (imap_port, imaps_port, smtp_port, smtp_starttls_port, smtps_port)
        self._state: Path | None = None
        self._info: ServerInfo | None = None
        self._running = _Running()
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self.smtp_faults = FaultControl()

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> ServerInfo:
        if self._info is not None:
            return self._info
        if os.geteuid() != 0:
            raise DevmailError("devmail runs Dovecot with mail_uid=nobody and therefore needs root")
        binary = ensure_installed()
        self._running = _Running()
        # From here on, a failure (or the death of this process) must clean up what exists.
        self._finalizer = weakref.finalize(self, self._running.stop)
        try:
            self._info = self._start(binary)
        except BaseException:
            self.stop()
            raise
        return self._info

    def _start(self, binary: str) -> ServerInfo:
        state = self._prepare_state_dir()
        paths = self._dovecot_paths(state)
        tls = ensure_tls(state / "tls")
        imap_port, imaps_port = self._start_dovecot(binary, paths, tls.cert_file, tls.key_file)
        # A control file left from an earlier run must not inject faults into this one.
        (state / "faults.json").unlink(missing_ok=True)
        self.smtp_faults.watch_file(state / "faults.json")
        handler = DevHandler(self.smtp_faults, self._provision, paths.lmtp_socket)
        smtp_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        smtp_tls.load_cert_chain(tls.cert_file, tls.key_file)
        smtp = SmtpServer(
            handler, host=self.host, tls_context=smtp_tls, authenticator=make_authenticator(self._password_ok)
        )
        self._running.smtp = smtp
        smtp_port = smtp.listen("plain", self._ports[2])
        info = ServerInfo(
            host=self.host,
            imap_port=imap_port,
            imaps_port=imaps_port,
            smtp_port=smtp_port,
            smtp_starttls_port=smtp.listen("starttls", self._ports[3]),
            smtps_port=smtp.listen("tls", self._ports[4]),
            ca_file=str(tls.ca_file),
            password=self.password,
            state_dir=str(state),
            pid=os.getpid(),
        )
        self._running.info_file = state / "server.json"
        self._running.info_file.write_text(info.to_json())
        return info

    def _prepare_state_dir(self) -> Path:
        if self._given_state is None:
            _sweep_stale_dirs()
            state = Path(tempfile.mkdtemp(prefix=SHORT_PREFIX, dir="/tmp"))
            _claim(state)
            self._running.remove_dirs.append(state)
        else:
            state = self._given_state
            state.mkdir(parents=True, exist_ok=True)
        state.chmod(state.stat().st_mode | 0o755)  # Dovecot's users "nobody"/"dovecot" must get in
        _check_traversable(state)
        self._state = state
        return state

    def _dovecot_paths(self, state: Path) -> DovecotPaths:
        base_dir = state / "run"
        if len(str(base_dir)) > _MAX_BASE_DIR:
            base_dir = Path(tempfile.mkdtemp(prefix=SHORT_PREFIX + "run-", dir="/tmp"))
            _claim(base_dir)
            self._running.remove_dirs.append(base_dir)
        mail_dir = state / "mail"
        for folder in (base_dir, state / "lib", mail_dir):
            folder.mkdir(exist_ok=True)
        shutil.chown(mail_dir, "nobody", "nogroup")
        users_file = state / "users"
        users_file.touch(mode=0o644)
        return DovecotPaths(
            config=state / "dovecot.conf",
            base_dir=base_dir,
            state_dir=state / "lib",
            mail_dir=mail_dir,
            users_file=users_file,
            log_file=state / "dovecot.log",
        )

    def _start_dovecot(self, binary: str, paths: DovecotPaths, cert: Path, key: Path) -> tuple[int, int]:
        # A port found free may be taken before Dovecot binds it; try a few fresh ones.
        instance = "devmail-" + hashlib.sha1(str(paths.config).encode()).hexdigest()[:8]
        for attempt in range(3):
            imap_port = self._ports[0] or free_port(self.host)
            imaps_port = self._ports[1] or free_port(self.host)
            paths.config.write_text(
                render_config(
                    paths,
                    instance=instance,
                    host=self.host,
                    imap_port=imap_port,
                    imaps_port=imaps_port,
                    password=self.password,
                    cert=cert,
                    key=key,
                )
            )
            dovecot = DovecotProcess(binary, paths)
            self._running.dovecot = dovecot
            try:
                dovecot.wait_ready(self.host, imap_port)
                return imap_port, imaps_port
            except DevmailError:
                dovecot.stop()
                self._running.dovecot = None
                if attempt == 2 or "in use" not in dovecot.log_tail():
                    raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop both servers and wait until every process is gone; safe to call twice."""
        if self._finalizer is not None:
            self._finalizer()  # runs _Running.stop at most once
        self._info = None

    def __enter__(self) -> MailServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- information ------------------------------------------------------------------------

    @property
    def info(self) -> ServerInfo:
        if self._info is None:
            raise DevmailError("the mail server is not running (call start() first)")
        return self._info

    @property
    def state_dir(self) -> Path:
        self.info  # noqa: B018  (raises when not running)
        assert self._state is not None
        return self._state

    @property
    def dovecot_pid(self) -> int:
        """Pid of the Dovecot master, also the id of its process group."""
        assert self._running.dovecot is not None, "not running"
        return self._running.dovecot.pid

    # -- mailboxes --------------------------------------------------------------------------

    def add_user(self, address: str, password: str | None = None) -> str:
        """Record a mailbox (any address works anyway); returns the normalised address.

        A password other than the dev password is usable after at most a second (this waits);
        the dev password keeps working for every address, and the helpers below use it.
        """
        addr, changed = users.add_user(self.state_dir / "users", address, password or self.password)
        if changed and password not in (None, self.password):
            users.wait_until_reread(self.state_dir / "users")
        return addr

    def users(self) -> list[str]:
        return list(users.read_users(self.state_dir / "users"))

    def append(self, user: str, messages: Iterable[bytes], folder: str = "INBOX") -> int:
        """Bulk-append raw messages (MULTIAPPEND on one connection); returns how many."""
        addr = self.add_user(user)
        return mailbox.append(self.info.imap, addr, messages, folder)

    def messages(self, user: str, folder: str = "INBOX") -> list[bytes]:
        """Full raw messages of a folder in UID order."""
        return mailbox.messages(self.info.imap, users.normalise_address(user), folder)

    def folders(self, user: str) -> list[str]:
        return mailbox.folders(self.info.imap, users.normalise_address(user))

    # -- callbacks from the SMTP thread -----------------------------------------------------

    def _provision(self, address: str) -> str:
        addr, _ = users.add_user(self.state_dir / "users", address, self.password, replace=False)
        return addr

    def _password_ok(self, login: str, password: str) -> bool:
        known = users.read_users(self.state_dir / "users").get(login.lower())
        return password in (self.password, known)


def _claim(folder: Path) -> None:
    """Mark a temp folder as ours, with pid and start time, so a later run can sweep it."""
    (folder / _OWNER_FILE).write_text(f"{os.getpid()} {_start_time(os.getpid())}\n")


def _start_time(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "?"


def _sweep_stale_dirs() -> None:
    """Remove /tmp/abm-* folders left by processes that were SIGKILLed (their owner is gone)."""
    for folder in Path("/tmp").glob(SHORT_PREFIX + "*"):
        owner = folder / _OWNER_FILE
        try:
            pid_text, started = owner.read_text().split()
        except (OSError, ValueError):
            continue
        if _start_time(int(pid_text)) != started:  # dead, or the pid now belongs to another process
            shutil.rmtree(folder, ignore_errors=True)


def _check_traversable(state: Path) -> None:
    """Dovecot's unprivileged processes need search (x) permission on every parent folder."""
    for folder in [state, *state.parents]:
        with contextlib.suppress(OSError):
            if not folder.stat().st_mode & stat.S_IXOTH:
                raise DevmailError(
                    f"{folder} is not searchable by other users (mode {folder.stat().st_mode & 0o777:o}); "
                    "Dovecot's mail user 'nobody' must reach the state folder: "
                    "choose one under /tmp or the project, or chmod o+x that folder"
                )


def wait_gone(pid: int, timeout: float) -> bool:
    """True once pid has exited (checks at least once, so timeout=0 is a plain test)."""
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and not _is_zombie(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
