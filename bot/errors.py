"""The errors a user can cause, and how the command line reports them.

Every error a person can fix (a wrong config value, an unknown event id, a file that is not a mail)
is one of these: the command line prints its one-line message and exits with its status, without a
traceback. Anything else is a bug or an outage and gets exit status 1.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    SUCCESS = 0
    FAILURE = 1
    USAGE = 2


class BotError(Exception):
    """An error with a message meant for people; `status` is the exit status it leads to."""

    status = ExitStatus.FAILURE


class UsageError(BotError):
    """Bad command-line usage, e.g. an unknown event id."""

    status = ExitStatus.USAGE


class ConfigError(BotError):
    """An invalid config file: names the file, the key and what is wrong."""

    status = ExitStatus.USAGE

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}: " if key else f"{self.path}: "
        super().__init__(where + problem)


class MailboxError(BotError):
    """The IMAP server could not be reached or refused us."""


class LockedError(BotError):
    """Another worker holds the store."""
