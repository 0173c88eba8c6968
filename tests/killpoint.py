"""Run the bot and SIGKILL it the moment it logs a given step: `python killpoint.py LOGGER PREFIX -- ARGS`.

The worker logs each step of a cycle ("stage=fetched", "stage=stored", ...) and each mail sent;
this wrapper turns those log lines into exact kill points, without any test hook in the bot.

`python killpoint.py LOGGER PREFIX NTH [DELAY] -- ARGS` kills at the NTH such line (a later batch,
a later mail), and with DELAY seconds after it (e.g. while the next mail is in DATA).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class KillAt(logging.Handler):
    def __init__(self, prefix: str, nth: int = 1, delay: float = 0.0) -> None:
        super().__init__(logging.DEBUG)
        self.prefix = prefix
        self.nth = nth
        self.delay = delay
        self.seen = 0

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(self.prefix):
            return
        self.seen += 1
        if self.seen != self.nth:
            return
        if self.delay:
            threading.Timer(self.delay, _kill).start()
        else:
            _kill()


def run() -> int:
    logger_name, prefix, *rest = sys.argv[1:]
    separator = rest.index("--")
    options, argv = rest[:separator], rest[separator + 1 :]
    nth = int(options[0]) if options else 1
    delay = float(options[1]) if len(options) > 1 else 0.0
    logger = logging.getLogger(logger_name)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(KillAt(prefix, nth, delay))
    from bot.cli import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(run())
