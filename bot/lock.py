"""One worker per store: an exclusive, non-blocking flock on `<store>.worker.lock`.

The kernel drops the lock when the process dies, however it dies, so a crashed worker never blocks
the next one. The lock file holds the pid of the holder, for the message to the second worker.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from bot.errors import BotError, LockedError


@contextlib.contextmanager
def worker_lock(store_path: Path) -> Iterator[None]:
    path = store_path.with_name(store_path.name + ".worker.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:  # e.g. a read-only or full file system: the store cannot work either
        raise BotError(f"cannot open the worker lock {path}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise LockedError(f"another worker (pid {holder}) is already running on {store_path}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def running_worker(store_path: Path) -> int | None:
    """The pid of the worker holding the lock now, or None. For display only.

    It reads the kernel's table of locks (/proc/locks) instead of trying the lock itself, so a worker
    starting at this very moment is never turned away. Elsewhere it trusts the pid in the file.
    """
    path = store_path.with_name(store_path.name + ".worker.lock")
    try:
        inode = path.stat().st_ino
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None if not path.exists() else _pid_in_file(path)
    except OSError:
        return None
    for line in table.splitlines():
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 08:01:131090 0 EOF"
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode):
            return int(fields[4]) if fields[4].isdigit() else 0
    return None


def _pid_in_file(path: Path) -> int | None:
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if not text.isdigit():
        return None
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, another user's
    return int(text)
