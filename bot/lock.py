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

from bot.errors import LockedError


@contextlib.contextmanager
def worker_lock(store_path: Path) -> Iterator[None]:
    path = store_path.with_name(store_path.name + ".worker.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
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
