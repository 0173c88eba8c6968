"""Run the bot and SIGKILL it the moment it logs a given step: `python killpoint.py LOGGER PREFIX -- ARGS`.

The worker logs each step of a cycle ("stage=fetched", "stage=stored", ...) and each mail sent;
this wrapper turns those log lines into exact kill points, without any test hook in the bot.
"""

from __future__ import annotations

import logging
import os
import signal
import sys


class KillAt(logging.Handler):
    def __init__(self, prefix: str) -> None:
        super().__init__(logging.DEBUG)
        self.prefix = prefix

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(self.prefix):
            os.kill(os.getpid(), signal.SIGKILL)


def run() -> int:
    logger_name, prefix, separator, *argv = sys.argv[1:]
    assert separator == "--"
    logger = logging.getLogger(logger_name)
    logger.setLevel(logging.DEBUG)
    logger.addHandler(KillAt(prefix))
    from bot.cli import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(run())
