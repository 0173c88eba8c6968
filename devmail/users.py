"""The passwd-file that lists the mailboxes, shared by the SMTP server, the API and the CLI.

Dovecot reads it for logins (passdb).  Every address also works with the dev password through a
static fallback passdb, and LMTP accepts every address (static userdb), so the file is the record
of known users plus the place for custom passwords.  Dovecot checks the file for changes at most
once a second, which is why a *custom* password needs that long to become usable.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devmail.errors import DevmailError

# Conservative: the address becomes a maildir path (%d/%n) and a passwd-file key.
_ADDRESS = re.compile(r"^[a-z0-9._%+\-=]+@[a-z0-9.\-]+$")


def normalise_address(address: str) -> str:
    """Lower-case and validate an address; Dovecot is configured with %Lu so case never matters."""
    addr = address.strip().lower()
    if not _ADDRESS.match(addr) or ".." in addr or addr.startswith(".") or addr.endswith("."):
        raise DevmailError(f"not a usable mailbox address: {address!r}")
    return addr


def _check_password(password: str) -> None:
    if not password or any(c in password for c in ":\n\r"):
        raise DevmailError("password must be non-empty and contain no ':' or line breaks")


@contextmanager
def _locked(users_file: Path) -> Iterator[None]:
    # A separate lock file, because replace() swaps the users file's inode.
    with open(users_file.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_users(users_file: Path) -> dict[str, str]:
    """Address -> password, in file order."""
    users: dict[str, str] = {}
    if not users_file.exists():
        return users
    for line in users_file.read_text().splitlines():
        name, _, rest = line.partition(":")
        if name and rest.startswith("{PLAIN}"):
            users[name] = rest[len("{PLAIN}") :].split(":", 1)[0]
    return users


def add_user(users_file: Path, address: str, password: str, *, replace: bool = True) -> tuple[str, bool]:
    """Record a mailbox; returns (normalised address, whether the file changed).

    replace=False keeps an existing entry's password (auto-provisioning must not reset it).
    """
    addr = normalise_address(address)
    _check_password(password)
    with _locked(users_file):
        users = read_users(users_file)
        if users.get(addr) == password or (addr in users and not replace):
            return addr, False
        users[addr] = password
        tmp = users_file.with_suffix(".tmp")
        tmp.write_text("".join(f"{name}:{{PLAIN}}{pw}::::::\n" for name, pw in users.items()))
        tmp.chmod(0o644)  # read by Dovecot's auth process, which runs as user "dovecot"
        os.replace(tmp, users_file)
        return addr, True


def wait_until_reread(users_file: Path) -> None:
    """Sleep until Dovecot's once-a-second passwd-file check is sure to see the last change."""
    changed = users_file.stat().st_mtime
    remaining = int(changed) + 1.05 - time.time()
    if remaining > 0:
        time.sleep(remaining)
