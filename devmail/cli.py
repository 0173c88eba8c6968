"""`python -m devmail COMMAND --state DIR`: start/stop/status a detached server, append, show, fault.

`start` re-runs this module as `serve` in a new session (detached, output to STATE/serve.log),
and returns once `serve` has written STATE/server.json, i.e. once both servers accept connections.
`serve` writes STATE/server.pid and on SIGTERM/SIGINT stops everything before it exits.
"""

from __future__ import annotations

import argparse
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email.parser import BytesHeaderParser
from pathlib import Path

from imapclient.exceptions import IMAPClientError

from devmail import mailbox, users
from devmail.dovecot import ensure_installed
from devmail.errors import DevmailError
from devmail.faults import STAGES, Fault, write_rules
from devmail.server import DEFAULT_PASSWORD, MailServer, ServerInfo, wait_gone

_START_TIMEOUT = 60.0
_PORTS = ("imap", "imaps", "smtp", "smtp-starttls", "smtps")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (DevmailError, OSError, IMAPClientError) as exc:
        print(f"devmail: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devmail", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument(
            "--state", type=Path, default=Path(".devmail"), help="state folder (default .devmail)"
        )
        cmd.set_defaults(handler=func)
        return cmd

    for name, func, text in (
        ("start", _start, "start a detached server; returns when it accepts connections"),
        ("serve", _serve, "run the server in the foreground until SIGTERM/Ctrl-C"),
    ):
        cmd = command(name, func, text)
        cmd.add_argument("--password", default=DEFAULT_PASSWORD, help="dev password of every mailbox")
        for port in _PORTS:
            cmd.add_argument(f"--{port}-port", type=int, default=0, help="fixed port (default: a free one)")
    command("stop", _stop, "stop the server and wait until all its processes are gone")
    command("status", _status, "tell whether the server runs (exit 0) or not (exit 1)")
    cmd = command("append", _append, "append .eml files to a mailbox in one go")
    cmd.add_argument("--user", required=True)
    cmd.add_argument("--folder", default="INBOX")
    cmd.add_argument("files", nargs="+", type=Path)
    cmd = command("show", _show, "list the messages of a mailbox folder (uid, date, from, subject)")
    cmd.add_argument("--user", required=True)
    cmd.add_argument("--folder", default="INBOX")
    cmd.add_argument("--all-folders", action="store_true", help="every folder of the mailbox")
    command("users", _users, "list the mailboxes the server knows, one per line")
    cmd = command("add-user", _add_user, "record a mailbox, optionally with its own password")
    cmd.add_argument("--user", required=True)
    cmd.add_argument("--password")
    cmd = command("fault", _fault, "replace the SMTP fault rules by this one rule (or --clear them)")
    cmd.add_argument("--clear", action="store_true", help="remove all fault rules")
    cmd.add_argument("--stage", choices=STAGES)
    cmd.add_argument("--code", type=int, help="reply code, e.g. 421, 451, 550")
    cmd.add_argument("--message", help="reply text after the code")
    cmd.add_argument("--recipient", help="only transactions with this recipient")
    cmd.add_argument("--times", type=int, default=1, help="how many transactions (default 1)")
    cmd.add_argument("--always", action="store_true", help="until cleared, instead of --times")
    cmd.add_argument("--drop", action="store_true", help="drop the connection instead of replying")
    cmd.add_argument("--delay", type=float, default=0.0, help="seconds to wait before replying")
    return parser


# -- server process ---------------------------------------------------------------------------


def _running_pid(state: Path) -> int | None:
    try:
        pid = int((state / "server.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:  # a pid from a stale file may belong to an unrelated process by now
        ours = b"devmail" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return pid if ours and not wait_gone(pid, 0) else None


def _start(args: argparse.Namespace) -> int:
    state: Path = args.state.absolute()
    pid = _running_pid(state)
    if pid is not None:
        raise DevmailError(f"already running for {state} (pid {pid}); use stop first")
    ensure_installed()  # here, not in the detached child, so apt-get problems show up on the terminal
    state.mkdir(parents=True, exist_ok=True)
    (state / "server.json").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "devmail", "serve", "--state", str(state), "--password", args.password]
    for port in _PORTS:
        cmd += [f"--{port}-port", str(getattr(args, f"{port.replace('-', '_')}_port"))]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [_package_root(), os.environ.get("PYTHONPATH")])),
    }
    with open(state / "serve.log", "ab") as log:
        child = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, env=env
        )
    info = _wait_for_info(state, child)
    print(f"devmail running (pid {info.pid}), connection info in {state / 'server.json'}:")
    print(info.to_json(), end="")
    return 0


def _package_root() -> str:
    return str(Path(__file__).resolve().parent.parent)


def _wait_for_info(state: Path, child: subprocess.Popen[bytes]) -> ServerInfo:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if (state / "server.json").exists():
            info = ServerInfo.load(state)
            if info.pid == child.pid:
                return info
        if child.poll() is not None:
            raise DevmailError(f"server exited at start: {_last_line(state / 'serve.log')}")
        time.sleep(0.05)
    child.terminate()
    raise DevmailError(f"server did not start within {_START_TIMEOUT:.0f}s; see {state / 'serve.log'}")


def _last_line(path: Path) -> str:
    lines = path.read_text(errors="replace").strip().splitlines() if path.exists() else []
    return lines[-1] if lines else "(no output)"


def _serve(args: argparse.Namespace) -> int:
    state: Path = args.state.absolute()
    stop = threading.Event()
    # Signal handlers only set a flag: stopping runs on the main thread, outside the handler.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    srv = MailServer(
        state,
        password=args.password,
        imap_port=args.imap_port,
        imaps_port=args.imaps_port,
        smtp_port=args.smtp_port,
        smtp_starttls_port=args.smtp_starttls_port,
        smtps_port=args.smtps_port,
    )
    state.mkdir(parents=True, exist_ok=True)
    (state / "server.pid").write_text(f"{os.getpid()}\n")
    try:
        with srv:
            print(f"devmail serving: {srv.info}", flush=True)
            stop.wait()
    finally:
        (state / "server.pid").unlink(missing_ok=True)
    print("devmail stopped", flush=True)
    return 0


def _stop(args: argparse.Namespace) -> int:
    state: Path = args.state.absolute()
    pid = _running_pid(state)
    if pid is None:
        print(f"devmail: not running for {state}")
        return 0
    os.kill(pid, signal.SIGTERM)
    if not wait_gone(pid, 20):
        os.kill(pid, signal.SIGKILL)  # Dovecot follows through its parent-death signal
        wait_gone(pid, 5)
    (state / "server.pid").unlink(missing_ok=True)
    print(f"devmail stopped (pid {pid})")
    return 0


def _status(args: argparse.Namespace) -> int:
    state: Path = args.state.absolute()
    pid = _running_pid(state)
    if pid is None:
        print(f"devmail: not running for {state}")
        return 1
    print(ServerInfo.load(state).to_json(), end="")
    return 0


# -- mailboxes --------------------------------------------------------------------------------


def _append(args: argparse.Namespace) -> int:
    info = ServerInfo.load(args.state.absolute())
    user, _ = users.add_user(Path(info.state_dir) / "users", args.user, info.password, replace=False)
    count = mailbox.append(info.imap, user, (f.read_bytes() for f in args.files), args.folder)
    print(f"appended {count} message(s) to {user} {args.folder}")
    return 0


def _show(args: argparse.Namespace) -> int:
    info = ServerInfo.load(args.state.absolute())
    user = users.normalise_address(args.user)
    names = mailbox.folders(info.imap, user) if args.all_folders else [args.folder]
    for folder in names:
        try:
            _show_folder(info, user, folder)
        except IMAPClientError:
            continue  # a parent folder such as "Anmeldebot" holds no messages (\Noselect)
    return 0


def _users(args: argparse.Namespace) -> int:
    info = ServerInfo.load(args.state.absolute())
    for user in users.read_users(Path(info.state_dir) / "users"):
        print(user)
    return 0


def _show_folder(info: ServerInfo, user: str, folder: str) -> None:
    raw = mailbox.messages(info.imap, user, folder)
    parser = BytesHeaderParser(policy=email.policy.default)
    print(f"{user} {folder}: {len(raw)} message(s)")
    for number, data in enumerate(raw, 1):
        headers = parser.parsebytes(data)
        date, sender = headers.get("Date", "-"), headers.get("From", "-")
        print(f"{number:4}  {date!s:31}  {sender!s:30}  {headers.get('Subject', '')}")


def _add_user(args: argparse.Namespace) -> int:
    info = ServerInfo.load(args.state.absolute())
    user, _ = users.add_user(Path(info.state_dir) / "users", args.user, args.password or info.password)
    print(f"mailbox {user} recorded")
    return 0


def _fault(args: argparse.Namespace) -> int:
    info = ServerInfo.load(args.state.absolute())
    rules = []
    if not args.clear:
        if args.stage is None:
            raise DevmailError("fault needs --stage (or --clear)")
        rules.append(
            Fault(
                args.stage,
                args.code,
                message=args.message,
                recipient=args.recipient,
                times=None if args.always else args.times,
                drop=args.drop,
                delay=args.delay,
            )
        )
    write_rules(Path(info.state_dir) / "faults.json", rules)
    print(f"fault rules: {[r.to_json() for r in rules] or 'none'}")
    return 0
